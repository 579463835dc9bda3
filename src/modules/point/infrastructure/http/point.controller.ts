import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../../../shared/http/api-errors.decorator.js';
import { CurrentCaller, type QueueCaller, RequireLiveToken } from '../../../../shared/http/route-access.js';
import { ChargePointsUseCase } from '../../application/charge-points.use-case.js';
import { GetPointBalanceUseCase } from '../../application/get-point-balance.use-case.js';
import { ListPointHistoryUseCase } from '../../application/list-point-history.use-case.js';
import { ChargePointsDto, PointBalanceDto, PointHistoryPageDto, PointHistoryQueryDto } from './dto/point.dto.js';

@ApiTags('points')
@ApiErrors('SERVICE_UNAVAILABLE')
@Controller('points')
export class PointController {
  constructor(
    private readonly chargePoints: ChargePointsUseCase,
    private readonly getBalance: GetPointBalanceUseCase,
    private readonly listHistory: ListPointHistoryUseCase,
  ) {}

  @Post('charge')
  @HttpCode(200)
  @RequireLiveToken()
  @ApiOperation({
    summary: "Charge the caller's points",
    description:
      'Adds the amount to the balance of the token’s user and records a CHARGE entry, atomically. ' +
      'Concurrent charges all apply. The balance never passes POINT_MAX_BALANCE.',
  })
  @ApiOkResponse({ type: PointBalanceDto, description: 'The balance after the charge' })
  @ApiErrors('VALIDATION_FAILED', 'BALANCE_LIMIT_EXCEEDED', 'PAYLOAD_TOO_LARGE')
  async charge(@CurrentCaller() caller: QueueCaller, @Body() body: ChargePointsDto): Promise<PointBalanceDto> {
    const wallet = await this.chargePoints.execute({ userId: caller.userId, amount: body.amount });
    return { userId: wallet.userId, balance: wallet.balance };
  }

  @Get()
  @RequireLiveToken()
  @ApiOperation({ summary: "The caller's balance", description: '0 for a user who never charged.' })
  @ApiOkResponse({ type: PointBalanceDto, description: "The caller's balance" })
  async balance(@CurrentCaller() caller: QueueCaller): Promise<PointBalanceDto> {
    const wallet = await this.getBalance.execute(caller.userId);
    return { userId: wallet.userId, balance: wallet.balance };
  }

  @Get('history')
  @RequireLiveToken()
  @ApiOperation({
    summary: "The caller's point history",
    description:
      'Newest first, `limit` entries per page (1..100, default 20). Follow `nextCursor` for older entries; ' +
      'pages never skip or repeat an entry, also while new entries are added.',
  })
  @ApiOkResponse({ type: PointHistoryPageDto, description: 'One page of entries, newest first' })
  @ApiErrors('VALIDATION_FAILED')
  async history(
    @CurrentCaller() caller: QueueCaller,
    @Query() query: PointHistoryQueryDto,
  ): Promise<PointHistoryPageDto> {
    const page = await this.listHistory.execute({ userId: caller.userId, limit: query.limit, cursor: query.cursor });
    return {
      items: page.items.map((entry) => ({
        type: entry.type,
        amount: entry.amount,
        balanceAfter: entry.balanceAfter,
        createdAt: entry.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
