import { Global, Module } from '@nestjs/common';
import { RedisConnection } from './redis-connection.js';

/** The instance's Redis connection, for whoever keeps shared state there (queue store, rate limits, health). */
@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
