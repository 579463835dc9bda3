import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ID } from '../../../../../shared/http/int-param.js';

export class PayBodyDto {
  @ApiProperty({
    example: 42,
    description: 'The HELD reservation to pay; the amount is its seat price, held on the server',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  reservationId: number;
}

export class PaymentReceiptDto {
  @ApiProperty({ example: 9 })
  paymentId: number;
  @ApiProperty({ example: 42 })
  reservationId: number;
  @ApiProperty({ example: 80000, description: 'The seat price deducted, in won' })
  amount: number;
  @ApiProperty({ example: 70000, description: 'The balance right after the payment' })
  balance: number;
  @ApiProperty({ enum: ['COMPLETED'], example: 'COMPLETED' })
  status: string;
  @ApiProperty({ example: '2026-12-24T10:03:12.000Z' })
  paidAt: string;
}
