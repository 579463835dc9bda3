import { Global, Module } from '@nestjs/common';
import { RateLimits } from './rate-limits.js';

/** The request rate limits (src/rate-limit/rate-limits.ts), enforced by the queue module's guard. */
@Global()
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class RateLimitModule {}
