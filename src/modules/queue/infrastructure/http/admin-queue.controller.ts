import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { ApiErrors } from '../../../../shared/http/api-errors.decorator.js';
import { ValidationFailedError } from '../../../../shared/http/error-response.js';
import { RequireAdminKey } from '../../../../shared/http/route-access.js';
import { ChangeQueueSettingsUseCase } from '../../application/change-queue-settings.use-case.js';
import { EndQueueTokenUseCase } from '../../application/end-queue-token.use-case.js';
import { GetQueueOverviewUseCase } from '../../application/get-queue-overview.use-case.js';
import { ChangeQueueSettingsDto, EndedTokenDto, QueueOverviewDto, UserIdParams } from './dto/admin-queue.dto.js';

/**
 * For the people running a ticket opening. Registered only when ADMIN_API_KEY is set (otherwise 404), each route
 * needs X-Admin-Key. Every change is written to the log as an audit line: who (the client address) and what — never
 * the key.
 */
@ApiTags('admin')
@ApiErrors('SERVICE_UNAVAILABLE')
@RequireAdminKey()
@Controller('admin/queue')
export class AdminQueueController {
  constructor(
    private readonly overview: GetQueueOverviewUseCase,
    private readonly changeSettings: ChangeQueueSettingsUseCase,
    private readonly endToken: EndQueueTokenUseCase,
    private readonly audit: PinoLogger,
  ) {
    audit.setContext('QueueAdmin');
  }

  @Get()
  @ApiOperation({ summary: 'The line: waiting, active, the active-set size in force, paused, admissions per minute' })
  @ApiOkResponse({ type: QueueOverviewDto, description: 'The line as every instance sees it' })
  get(): Promise<QueueOverviewDto> {
    return this.overview.execute();
  }

  @Patch()
  @ApiOperation({
    summary: 'Pause or resume admissions, or change the active-set size',
    description:
      'At least one of maxActive and paused. Stored where every instance reads it: it takes effect everywhere within ' +
      'one activation interval and survives restarts. Pausing stops admissions only; lowering maxActive expires nobody.',
  })
  @ApiOkResponse({ type: QueueOverviewDto, description: 'The line with the new settings' })
  @ApiErrors('VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE')
  async change(@Body() body: ChangeQueueSettingsDto, @Req() request: FastifyRequest): Promise<QueueOverviewDto> {
    const change = { maxActive: body.maxActive, paused: body.paused };
    if (change.maxActive === undefined && change.paused === undefined) {
      throw new ValidationFailedError(['the body must set maxActive, paused or both']);
    }
    const overview = await this.changeSettings.execute(change);
    this.audit.info({ audit: 'queue.settings', client: request.ip, change }, 'queue settings changed');
    return overview;
  }

  @Delete('tokens/:userId')
  @HttpCode(200)
  @ApiOperation({
    summary: "End a user's live queue token",
    description:
      "Its next request is 401 QUEUE_TOKEN_INVALID. An ACTIVE token's place goes to the next waiting user at the next " +
      'tick; behind a WAITING one, everyone moves up one.',
  })
  @ApiOkResponse({ type: EndedTokenDto, description: 'The token is ended' })
  @ApiErrors('VALIDATION_FAILED', 'QUEUE_TOKEN_NOT_FOUND')
  async end(@Param() params: UserIdParams, @Req() request: FastifyRequest): Promise<EndedTokenDto> {
    const ended = await this.endToken.execute(params.userId);
    this.audit.info({ audit: 'queue.token-ended', client: request.ip, userId: params.userId }, 'queue token ended');
    return ended;
  }
}
