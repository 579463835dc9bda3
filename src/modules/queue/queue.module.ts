import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdmitWaitingTokensUseCase } from './application/admit-waiting-tokens.use-case.js';
import { AuthenticateQueueTokenUseCase } from './application/authenticate-queue-token.use-case.js';
import { GetQueueStatusUseCase } from './application/get-queue-status.use-case.js';
import { IssueQueueTokenUseCase } from './application/issue-queue-token.use-case.js';
import { QueueTickets } from './application/queue-tickets.js';
import { QueueFacade } from './application/queue.facade.js';
import { TokenReplayRegistry } from './application/token-replay-policy.js';
import { WaitEstimator } from './application/wait-estimator.js';
import { QueueStore } from './domain/queue-store.js';
import { TokenCodec } from './domain/token-codec.js';
import { HmacTokenCodec } from './infrastructure/hmac-token-codec.js';
import { QueueTokenGuard } from './infrastructure/http/queue-token.guard.js';
import { QueueController } from './infrastructure/http/queue.controller.js';
import { QueueTokenOrmEntity } from './infrastructure/persistence/queue-token.orm-entity.js';
import { MySqlQueueStore } from './infrastructure/persistence/mysql-queue.store.js';
import { RedisQueueStore } from './infrastructure/redis/redis-queue.store.js';
import { AdmissionJob } from './infrastructure/scheduler/admission.job.js';
import { QueueMetrics } from './infrastructure/queue-metrics.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionRunner } from '../../shared/domain/transaction-runner.js';
import { Sql } from '../../shared/infrastructure/sql.js';

@Module({
  imports: [TypeOrmModule.forFeature([QueueTokenOrmEntity])],
  controllers: [QueueController],
  providers: [
    IssueQueueTokenUseCase,
    GetQueueStatusUseCase,
    AuthenticateQueueTokenUseCase,
    AdmitWaitingTokensUseCase,
    QueueTickets,
    WaitEstimator,
    QueueFacade,
    TokenReplayRegistry,
    AdmissionJob,
    QueueMetrics,
    {
      provide: QueueStore,
      inject: [AppConfig, Sql, TransactionRunner],
      useFactory: (config: AppConfig, sql: Sql, transactions: TransactionRunner) =>
        config.queue.store === 'redis' ? new RedisQueueStore(config) : new MySqlQueueStore(sql, transactions),
    },
    { provide: TokenCodec, useClass: HmacTokenCodec },
    { provide: APP_GUARD, useClass: QueueTokenGuard },
  ],
  exports: [QueueFacade, TokenReplayRegistry],
})
export class QueueModule {}
