import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConcertModule } from '../concert/index.js';
import { CancelReservationUseCase } from './application/cancel-reservation.use-case.js';
import { ConfirmReservationUseCase } from './application/confirm-reservation.use-case.js';
import { GetReservationUseCase } from './application/get-reservation.use-case.js';
import { HoldSeatUseCase } from './application/hold-seat.use-case.js';
import { ReleaseExpiredHoldsUseCase } from './application/release-expired-holds.use-case.js';
import { ReservationFacade } from './application/reservation.facade.js';
import { ReservationRepository } from './domain/reservation.repository.js';
import { SeatInventoryPort } from './domain/seat-inventory.port.js';
import { ConcertSeatInventoryAdapter } from './infrastructure/concert/concert-seat-inventory.adapter.js';
import { ReservationController } from './infrastructure/http/reservation.controller.js';
import { ReservationOrmEntity } from './infrastructure/persistence/reservation.orm-entity.js';
import { MySqlReservationRepository } from './infrastructure/persistence/mysql-reservation.repository.js';
import { ReleaseExpiredHoldsJob } from './infrastructure/scheduler/release-expired-holds.job.js';

@Module({
  imports: [TypeOrmModule.forFeature([ReservationOrmEntity]), ConcertModule],
  controllers: [ReservationController],
  providers: [
    HoldSeatUseCase,
    GetReservationUseCase,
    CancelReservationUseCase,
    ConfirmReservationUseCase,
    ReleaseExpiredHoldsUseCase,
    ReservationFacade,
    ReleaseExpiredHoldsJob,
    { provide: ReservationRepository, useClass: MySqlReservationRepository },
    { provide: SeatInventoryPort, useClass: ConcertSeatInventoryAdapter },
  ],
  exports: [ReservationFacade],
})
export class ReservationModule {}
