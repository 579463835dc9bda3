import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../shared/http/route-access.js';
import { Metrics } from './metrics.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics in the text exposition format (public)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'HTTP, queue, reservation and payment metrics and the Node.js process metrics',
    schema: { type: 'string', example: '# TYPE http_requests_total counter\n' },
  })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.scrape();
    void reply.header('content-type', contentType);
    return body;
  }
}
