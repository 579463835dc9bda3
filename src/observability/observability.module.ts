import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import { AppConfig } from '../config/app-config.js';
import { LogDestination, loggerParams } from './logging.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/** Prometheus metrics (GET /metrics, the Metrics service) and structured JSON logs through pino. */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [{ provide: LogDestination, useFactory: () => destination(1) }],
      inject: [AppConfig, LogDestination],
      useFactory: (config: AppConfig, dest: LogDestination) => loggerParams(config.logLevel, dest),
    }),
  ],
  controllers: [MetricsController],
  providers: [Metrics],
  exports: [Metrics],
})
export class ObservabilityModule {}
