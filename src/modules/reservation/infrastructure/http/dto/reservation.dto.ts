import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../../../../shared/http/calendar-date.validator.js';
import { IntFromString, MAX_ID } from '../../../../../shared/http/int-param.js';
import { MAX_SEAT_NUMBER, MIN_SEAT_NUMBER } from '../../../../concert/index.js';
import type { ReservationStatus } from '../../../domain/reservation.js';

const STATUSES: ReservationStatus[] = ['HELD', 'CONFIRMED', 'EXPIRED', 'CANCELLED'];

export class HoldSeatDto {
  @ApiProperty({ type: 'integer', example: 1, minimum: 1, maximum: MAX_ID, description: 'Concert id' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  concertId: number;

  @ApiProperty({ example: '2026-12-24', description: 'The concert day, YYYY-MM-DD (UTC)' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ type: 'integer', example: 7, minimum: MIN_SEAT_NUMBER, maximum: MAX_SEAT_NUMBER })
  @IsInt()
  @Min(MIN_SEAT_NUMBER)
  @Max(MAX_SEAT_NUMBER)
  seatNumber: number;
}

export class ReservationParams {
  @IntFromString({ example: 42, description: 'Reservation id' })
  reservationId: number;
}

export class ReservationDto {
  @ApiProperty({ example: 42 })
  reservationId: number;
  @ApiProperty({ example: 1 })
  concertId: number;
  @ApiProperty({ example: '2026-12-24' })
  date: string;
  @ApiProperty({ example: 7, minimum: MIN_SEAT_NUMBER, maximum: MAX_SEAT_NUMBER })
  seatNumber: number;
  @ApiProperty({ example: 80000, description: 'The seat price in won, what a payment will charge' })
  price: number;
  @ApiProperty({
    enum: STATUSES,
    example: 'HELD',
    description: 'HELD while the hold runs; EXPIRED the instant its time is up (no job needed); CONFIRMED once paid',
  })
  status: ReservationStatus;
  @ApiProperty({
    example: '2026-12-01T10:05:00.000Z',
    description: 'When the hold ends (ISO-8601 UTC); kept as it was once the reservation is paid or cancelled',
  })
  heldUntil: string;
}
