import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { BenchPingModule } from './bench-ping/bench-ping.module.js';
import type { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { ConcertModule } from './modules/concert/index.js';
import { PaymentModule } from './modules/payment/index.js';
import { PointModule } from './modules/point/index.js';
import { QueueAdminModule, QueueModule } from './modules/queue/index.js';
import { ReservationModule } from './modules/reservation/index.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { RedisModule } from './redis/redis.module.js';
import { Clock } from './shared/domain/clock.js';
import { AllExceptionsFilter } from './shared/http/all-exceptions.filter.js';
import { createValidationPipe } from './shared/http/validation.js';
import { SystemClock } from './shared/infrastructure/system-clock.js';

@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
class SharedKernelModule {}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        SharedKernelModule,
        ObservabilityModule,
        DatabaseModule,
        RedisModule,
        RateLimitModule,
        ScheduleModule.forRoot(),
        HealthModule,
        QueueModule,
        ConcertModule,
        ReservationModule,
        PointModule,
        PaymentModule,
        ...(config.admin.apiKey === null ? [] : [QueueAdminModule]),
        ...(config.benchMode ? [BenchPingModule] : []),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
