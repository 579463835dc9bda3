import { Injectable } from '@nestjs/common';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { RedisConnection } from '../redis/redis-connection.js';
import { TooManyRequestsError } from '../shared/http/error-response.js';

/** Every limit counts requests per minute (a fixed window). */
const WINDOW_SECONDS = 60;

/**
 * The two limits of the API (rate-limiter-flexible): token issues per client address, and requests per queue token.
 * With QUEUE_STORE=redis the counts live in Redis, so every instance shares them (one key per client or token,
 * fine on Redis Cluster); with the database store each instance counts on its own. A limit of 0 is off.
 */
@Injectable()
export class RateLimits {
  private readonly issue: RateLimiterAbstract | null;
  private readonly perToken: RateLimiterAbstract | null;

  constructor(config: AppConfig, redis: RedisConnection) {
    const limiter = (name: string, points: number): RateLimiterAbstract | null => {
      if (points === 0) return null;
      const options = { points, duration: WINDOW_SECONDS, keyPrefix: `${config.db.database}:rate:${name}` };
      return redis.client
        ? new RateLimiterRedis({ ...options, storeClient: redis.client })
        : new RateLimiterMemory(options);
    };
    this.issue = limiter('issue', config.rateLimit.issuePerMinute);
    this.perToken = limiter('token', config.rateLimit.perTokenPerMinute);
  }

  /** Counts a POST /queue/tokens from this client address; throws TooManyRequestsError past the limit. */
  consumeIssue(clientAddress: string): Promise<void> {
    return RateLimits.consume(this.issue, clientAddress);
  }

  /** Counts a request made with this token (its hash); throws TooManyRequestsError past the limit. */
  consumeToken(tokenKey: string): Promise<void> {
    return RateLimits.consume(this.perToken, tokenKey);
  }

  private static async consume(limiter: RateLimiterAbstract | null, key: string): Promise<void> {
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (refusal) {
      // The limiter rejects with its verdict when the limit is reached, and with an Error when its store fails.
      if (refusal instanceof RateLimiterRes) throw new TooManyRequestsError(refusal.msBeforeNext);
      throw refusal;
    }
  }
}
