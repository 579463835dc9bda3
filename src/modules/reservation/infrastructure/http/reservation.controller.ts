import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Metrics } from '../../../../observability/index.js';
import { ApiErrors } from '../../../../shared/http/api-errors.decorator.js';
import { CurrentCaller, type QueueCaller, RequireActiveToken } from '../../../../shared/http/route-access.js';
import { CancelReservationUseCase } from '../../application/cancel-reservation.use-case.js';
import { GetReservationUseCase } from '../../application/get-reservation.use-case.js';
import { HoldSeatUseCase } from '../../application/hold-seat.use-case.js';
import type { ReservationView } from '../../application/reservation.view.js';
import { HoldSeatDto, ReservationDto, ReservationParams } from './dto/reservation.dto.js';

function toDto(view: ReservationView): ReservationDto {
  return {
    reservationId: view.reservationId,
    concertId: view.concertId,
    date: view.date,
    seatNumber: view.seatNumber,
    price: view.price,
    status: view.status,
    heldUntil: view.heldUntil.toISOString(),
  };
}

@ApiTags('reservations')
@ApiErrors('SERVICE_UNAVAILABLE')
@RequireActiveToken()
@Controller('reservations')
export class ReservationController {
  constructor(
    private readonly holdSeat: HoldSeatUseCase,
    private readonly getReservation: GetReservationUseCase,
    private readonly cancelReservation: CancelReservationUseCase,
    private readonly metrics: Metrics,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Hold a seat',
    description:
      'Holds the seat for RESERVATION_HOLD_SECONDS. Of any number of concurrent holds on one seat exactly one succeeds; ' +
      'the others get 409 SEAT_UNAVAILABLE. A user may have RESERVATION_MAX_HOLDS_PER_USER unpaid holds at once. ' +
      'A past date, or one the concert does not play, is 404 DATE_NOT_FOUND.',
  })
  @ApiCreatedResponse({ type: ReservationDto, description: 'The hold, status HELD' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'CONCERT_NOT_FOUND',
    'DATE_NOT_FOUND',
    'SEAT_NOT_FOUND',
    'SEAT_UNAVAILABLE',
    'HOLD_LIMIT_EXCEEDED',
    'PAYLOAD_TOO_LARGE',
  )
  async hold(@CurrentCaller() caller: QueueCaller, @Body() body: HoldSeatDto): Promise<ReservationDto> {
    const held = await this.holdSeat.execute({ userId: caller.userId, ...body });
    this.metrics.holdPlaced();
    return toDto(held);
  }

  @Get(':reservationId')
  @ApiOperation({
    summary: 'One of your reservations',
    description: "Another user's reservation is 404 RESERVATION_NOT_FOUND, like a missing one.",
  })
  @ApiOkResponse({ type: ReservationDto, description: 'The reservation as it is now' })
  @ApiErrors('VALIDATION_FAILED', 'RESERVATION_NOT_FOUND')
  async get(@CurrentCaller() caller: QueueCaller, @Param() params: ReservationParams): Promise<ReservationDto> {
    return toDto(await this.getReservation.execute(caller.userId, params.reservationId));
  }

  @Delete(':reservationId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give a hold back',
    description:
      'The seat is available again at once. Cancelling a cancelled reservation returns the same 200. ' +
      'A hold whose time ran out is 409 RESERVATION_EXPIRED; a paid one 409 RESERVATION_ALREADY_PAID.',
  })
  @ApiOkResponse({ type: ReservationDto, description: 'The reservation, status CANCELLED' })
  @ApiErrors('VALIDATION_FAILED', 'RESERVATION_NOT_FOUND', 'RESERVATION_EXPIRED', 'RESERVATION_ALREADY_PAID')
  async cancel(@CurrentCaller() caller: QueueCaller, @Param() params: ReservationParams): Promise<ReservationDto> {
    return toDto(await this.cancelReservation.execute(caller.userId, params.reservationId));
  }
}
