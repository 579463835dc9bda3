import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../shared/domain/transaction-runner.js';
import { TransactionHost } from '../shared/infrastructure/transaction-host.js';
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
  ],
  providers: [DemoSeed, TransactionHost, { provide: TransactionRunner, useExisting: TransactionHost }],
  exports: [TransactionHost, TransactionRunner],
})
export class DatabaseModule {}
