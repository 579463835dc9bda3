import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../shared/http/route-access.js';

/**
 * The benchmark's baseline: the same Nest + Fastify stack (global guard, pipes, filter, logging and
 * metrics hooks) with no database work. Registered only when BENCH_MODE=true.
 */
@ApiTags('operations')
@Controller('ping')
export class BenchPingController {
  @Get()
  @Public()
  @ApiOperation({ summary: 'Benchmark baseline: answers at once, touches nothing (only with BENCH_MODE=true; public)' })
  @ApiOkResponse({ description: 'Always { pong: true }', schema: { example: { pong: true } } })
  ping(): { pong: true } {
    return { pong: true };
  }
}
