import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ID } from '../../../../../shared/http/int-param.js';

export class PayBodyDto {
  /**
   * The HELD reservation to pay; the amount is its seat price, held on the server.
   * @example 42
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  reservationId: number;
}

export class PaymentReceiptDto {
  /** @example 9 */
  @ApiProperty({ type: 'integer' })
  paymentId: number;

  /** @example 42 */
  @ApiProperty({ type: 'integer' })
  reservationId: number;

  /**
   * The seat price deducted, in won.
   * @example 80000
   */
  @ApiProperty({ type: 'integer' })
  amount: number;

  /**
   * The balance right after the payment.
   * @example 70000
   */
  @ApiProperty({ type: 'integer' })
  balance: number;

  /** @example COMPLETED */
  @ApiProperty({ enum: ['COMPLETED'] })
  status: 'COMPLETED';

  /** @example 2026-12-24T10:03:12.000Z */
  @ApiProperty({ format: 'date-time' })
  paidAt: string;
}
