import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { AppConfig } from '../config/app-config.js';
import { ApiErrors } from '../shared/http/api-errors.decorator.js';
import { RedisConnection } from '../redis/redis-connection.js';
import { Public } from '../shared/http/route-access.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redisConnection: RedisConnection,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  // Terminus answers an outage with this exception; the filter maps it to the body documented here.
  @ApiErrors(new ServiceUnavailableException())
  // Terminus' own Swagger entries would document its 503 body, which the exception filter replaces.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({
    description: '{ status: "ok", info: { database: { status: "up" }, … }, error: {}, details: { … } }',
  })
  @ApiOperation({
    summary: 'Liveness and readiness (public)',
    description: '200 {status: "ok", …} when the database (and Redis, with QUEUE_STORE=redis) answers; 503 otherwise.',
  })
  check(): Promise<HealthCheckResult> {
    const database = () => this.database.pingCheck('database', { timeout: 1500 });
    return this.health.check(this.config.queue.store === 'redis' ? [database, () => this.redis()] : [database]);
  }

  private async redis() {
    const indicator = this.indicators.check('redis');
    try {
      await this.redisConnection.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
