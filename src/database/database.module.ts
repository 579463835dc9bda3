import { Global, Module } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../shared/domain/transaction-runner.js';
import { ClsTransactionRunner } from '../shared/infrastructure/cls-transaction-runner.js';
import { Sql } from '../shared/infrastructure/sql.js';
import { DemoSeed } from './demo-seed.js';
import { ensureDatabase } from './ensure-database.js';
import { typeOrmOptions } from './typeorm-options.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        await ensureDatabase(config.db);
        return typeOrmOptions(config);
      },
    }),
    // Only the plugin, not ClsModule.forRoot: that mounts a global guard and interceptor on every route even when
    // they do nothing, and a global interceptor alone put Nest's rxjs pipeline on every request (docs/benchmarks.md).
    // A transaction opens its own context (TransactionHost.withTransaction), so requests without one pay nothing.
    ClsModule.registerPlugins([
      new ClsPluginTransactional({ adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }) }),
    ]),
  ],
  providers: [DemoSeed, Sql, { provide: TransactionRunner, useClass: ClsTransactionRunner }],
  exports: [Sql, TransactionRunner],
})
export class DatabaseModule {}
