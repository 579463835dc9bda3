import { Body, Controller, Get, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../../../../shared/http/api-errors.decorator.js';
import { GetQueueStatusUseCase } from '../../application/get-queue-status.use-case.js';
import { IssueQueueTokenUseCase } from '../../application/issue-queue-token.use-case.js';
import type { QueueTicket } from '../../application/queue-ticket.js';
import type { QueuePlace } from '../../domain/queue-store.js';
import { IssueTokenBodyDto, QueueTicketDto } from './dto/queue.dto.js';
import { LimitedPerClientAddress, Public, RequireLiveToken } from '../../../../shared/http/route-access.js';
import { CurrentQueuePlace, CurrentQueueToken, ReadsQueuePlace } from './queue-place.decorator.js';

function toDto(ticket: QueueTicket): QueueTicketDto {
  return { ...ticket, expiresAt: ticket.expiresAt.toISOString() };
}

@ApiTags('queue')
@ApiErrors('SERVICE_UNAVAILABLE')
@Controller('queue')
export class QueueController {
  constructor(
    private readonly issueToken: IssueQueueTokenUseCase,
    private readonly getStatus: GetQueueStatusUseCase,
  ) {}

  @Post('tokens')
  @Public()
  @LimitedPerClientAddress()
  @ApiOperation({
    summary: 'Get a queue token (public)',
    description:
      'A new token is WAITING at the back of the line (201). A user who already has a live (WAITING or ACTIVE) token gets that same token with its current status (200), also when requests race. Asking again counts as a poll.',
  })
  @ApiCreatedResponse({ type: QueueTicketDto, description: 'A new token' })
  @ApiOkResponse({ type: QueueTicketDto, description: 'The live token the user already had' })
  @ApiErrors('VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE')
  async issue(
    @Body() body: IssueTokenBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueTicketDto> {
    const { ticket, created } = await this.issueToken.execute(body.userId);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return toDto(ticket);
  }

  @Get('status')
  @RequireLiveToken()
  @ReadsQueuePlace()
  @ApiOperation({
    summary: "Poll the caller's place in the queue (any live token)",
    description: 'The same body as POST /queue/tokens. A poll also keeps a WAITING token from being dropped as idle.',
  })
  @ApiOkResponse({ type: QueueTicketDto, description: "The caller's ticket as it is now" })
  status(@CurrentQueuePlace() place: QueuePlace, @CurrentQueueToken() token: string): QueueTicketDto {
    return toDto(this.getStatus.execute(place, token));
  }
}
