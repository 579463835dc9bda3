import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Metrics } from '../../../../observability/index.js';
import { DomainError } from '../../../../shared/domain/domain-error.js';
import { ApiErrors } from '../../../../shared/http/api-errors.decorator.js';
import {
  AllowPaidTokenReplay,
  CurrentCaller,
  type QueueCaller,
  RequireActiveToken,
} from '../../../../shared/http/route-access.js';
import { PayReservationUseCase } from '../../application/pay-reservation.use-case.js';
import { parseIdempotencyKey } from '../../domain/idempotency-key.js';
import { PayBodyDto, PaymentReceiptDto } from './dto/payment.dto.js';

@ApiTags('payments')
@ApiErrors('SERVICE_UNAVAILABLE')
@Controller('payments')
export class PaymentController {
  constructor(
    private readonly pay: PayReservationUseCase,
    private readonly metrics: Metrics,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequireActiveToken()
  @AllowPaidTokenReplay()
  @ApiOperation({
    summary: 'Pay for a held seat (ACTIVE token)',
    description:
      'One database transaction confirms the hold, deducts its price from the balance (a USE entry in the history) and records the payment; all of it happens or none. ' +
      'After it commits the queue token is expired: the next call with it is 401, except a replay of this payment. ' +
      'A reservation is paid at most once, whatever races. With an Idempotency-Key, a retry with the same key and body returns the first response (201, same paymentId) and charges nothing, ' +
      "also with the token the payment expired or with the user's next token (which it leaves as it is). Keys belong to the user and are kept 24 hours; a failed request stores nothing. " +
      'The same key with another body is 409 IDEMPOTENCY_KEY_REUSED.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1..64 printable ASCII characters without spaces (! to ~); any other value is 400',
  })
  @ApiCreatedResponse({
    type: PaymentReceiptDto,
    description: 'The receipt; a replay with the same Idempotency-Key and body gets the first one again',
  })
  @ApiErrors(
    'VALIDATION_FAILED',
    'RESERVATION_NOT_FOUND',
    'RESERVATION_EXPIRED',
    'RESERVATION_ALREADY_PAID',
    'INSUFFICIENT_BALANCE',
    'IDEMPOTENCY_KEY_REUSED',
    'PAYLOAD_TOO_LARGE',
  )
  async create(
    @CurrentCaller() caller: QueueCaller,
    @Body() body: PayBodyDto,
    @Headers('idempotency-key') idempotencyKey: string | string[] | undefined,
  ): Promise<PaymentReceiptDto> {
    const key = parseIdempotencyKey(idempotencyKey);
    try {
      const { receipt, replayed } = await this.pay.execute({
        userId: caller.userId,
        tokenId: caller.tokenId,
        reservationId: body.reservationId,
        idempotencyKey: key,
        replayOnly: caller.replayOnly,
      });
      if (!replayed) this.metrics.paymentCompleted();
      return receipt;
    } catch (error) {
      if (error instanceof DomainError) this.metrics.paymentFailed(error.code);
      throw error;
    }
  }
}
