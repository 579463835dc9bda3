import { Controller, Get } from '@nestjs/common';
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
import { QueueFacade } from '../modules/queue/index.js';
import { Public } from '../shared/http/route-access.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queue: QueueFacade,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiErrors('SERVICE_UNAVAILABLE')
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
      await this.queue.checkStore();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
