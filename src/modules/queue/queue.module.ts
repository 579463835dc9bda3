import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config.js';
import { RedisConnection } from '../../redis/redis-connection.js';
import { TransactionRunner } from '../../shared/domain/transaction-runner.js';
import { Sql } from '../../shared/infrastructure/sql.js';
import { ActiveTokenCache } from './application/active-token-cache.js';
import { AdmitWaitingTokensUseCase } from './application/admit-waiting-tokens.use-case.js';
import { AuthenticateQueueTokenUseCase } from './application/authenticate-queue-token.use-case.js';
import { ChangeQueueSettingsUseCase } from './application/change-queue-settings.use-case.js';
import { EndQueueTokenUseCase } from './application/end-queue-token.use-case.js';
import { GetQueueOverviewUseCase } from './application/get-queue-overview.use-case.js';
import { GetQueueStatusUseCase } from './application/get-queue-status.use-case.js';
import { IssueQueueTokenUseCase } from './application/issue-queue-token.use-case.js';
import { QueueTickets } from './application/queue-tickets.js';
import { QueueFacade } from './application/queue.facade.js';
import { TokenReplayRegistry } from './application/token-replay-policy.js';
import { QueueStore } from './domain/queue-store.js';
import { TokenCodec } from './domain/token-codec.js';
import { HmacTokenCodec } from './infrastructure/hmac-token-codec.js';
import { QueueTokenGuard } from './infrastructure/http/queue-token.guard.js';
import { QueueController } from './infrastructure/http/queue.controller.js';
import { MySqlQueueStore } from './infrastructure/persistence/mysql-queue.store.js';
import { QueueTokenOrmEntity } from './infrastructure/persistence/queue-token.orm-entity.js';
import { QueueMetrics } from './infrastructure/queue-metrics.js';
import { RedisQueueStore } from './infrastructure/redis/redis-queue.store.js';
import { RevocationFeed } from './infrastructure/revocation-feed.js';
import { AdmissionJob } from './infrastructure/scheduler/admission.job.js';

@Module({
  imports: [TypeOrmModule.forFeature([QueueTokenOrmEntity])],
  controllers: [QueueController],
  providers: [
    IssueQueueTokenUseCase,
    GetQueueStatusUseCase,
    AuthenticateQueueTokenUseCase,
    AdmitWaitingTokensUseCase,
    GetQueueOverviewUseCase,
    ChangeQueueSettingsUseCase,
    EndQueueTokenUseCase,
    QueueTickets,
    ActiveTokenCache,
    RevocationFeed,
    QueueFacade,
    TokenReplayRegistry,
    AdmissionJob,
    QueueMetrics,
    {
      provide: QueueStore,
      inject: [AppConfig, Sql, TransactionRunner, RedisConnection],
      useFactory: (config: AppConfig, sql: Sql, transactions: TransactionRunner, redis: RedisConnection) =>
        config.queue.store === 'redis'
          ? new RedisQueueStore(redis.required, config)
          : new MySqlQueueStore(sql, transactions),
    },
    { provide: TokenCodec, useClass: HmacTokenCodec },
    { provide: APP_GUARD, useClass: QueueTokenGuard },
  ],
  exports: [
    QueueFacade,
    TokenReplayRegistry,
    GetQueueOverviewUseCase,
    ChangeQueueSettingsUseCase,
    EndQueueTokenUseCase,
  ],
})
export class QueueModule {}
