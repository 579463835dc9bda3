import { Module } from '@nestjs/common';
import { PointModule } from '../point/index.js';
import { QueueModule } from '../queue/index.js';
import { ReservationModule } from '../reservation/index.js';
import { PayReservationUseCase } from './application/pay-reservation.use-case.js';
import { PurgeIdempotencyKeysUseCase } from './application/purge-idempotency-keys.use-case.js';
import {
  IdempotencyRepository,
  PaymentRepository,
  PointPort,
  QueuePort,
  ReservationPort,
} from './domain/payment.ports.js';
import {
  PointFacadeAdapter,
  QueueFacadeAdapter,
  ReservationFacadeAdapter,
} from './infrastructure/adapters/module-ports.adapters.js';
import { PaymentReplayPolicy } from './infrastructure/adapters/payment-replay.policy.js';
import { PaymentController } from './infrastructure/http/payment.controller.js';
import { MySqlIdempotencyRepository } from './infrastructure/persistence/mysql-idempotency.repository.js';
import { MySqlPaymentRepository } from './infrastructure/persistence/mysql-payment.repository.js';
import { PurgeIdempotencyKeysJob } from './infrastructure/scheduler/purge-idempotency-keys.job.js';

@Module({
  imports: [QueueModule, ReservationModule, PointModule],
  controllers: [PaymentController],
  providers: [
    PayReservationUseCase,
    PurgeIdempotencyKeysUseCase,
    PaymentReplayPolicy,
    PurgeIdempotencyKeysJob,
    { provide: PaymentRepository, useClass: MySqlPaymentRepository },
    { provide: IdempotencyRepository, useClass: MySqlIdempotencyRepository },
    { provide: ReservationPort, useClass: ReservationFacadeAdapter },
    { provide: PointPort, useClass: PointFacadeAdapter },
    { provide: QueuePort, useClass: QueueFacadeAdapter },
  ],
})
export class PaymentModule {}
