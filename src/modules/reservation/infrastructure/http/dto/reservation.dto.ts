import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../../../../shared/http/calendar-date.validator.js';
import { IntFromString, MAX_ID } from '../../../../../shared/http/int-param.js';
import { MAX_SEAT_NUMBER, MIN_SEAT_NUMBER } from '../../../../concert/index.js';

// Spelled out, not taken from the domain's ReservationStatus, so that the document lists them in this order;
// the controller's mapping from the domain's type fails to compile if the two drift apart.
const STATUSES = ['HELD', 'CONFIRMED', 'EXPIRED', 'CANCELLED'] as const;

export class HoldSeatDto {
  /**
   * Concert id.
   * @example 1
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  concertId: number;

  /**
   * The concert day, YYYY-MM-DD (UTC). The example is the first day the demo seed gives concert 1 when it seeds on
   * the day this server started; a database seeded on another day has other days: take one from
   * GET /concerts/{concertId}/dates.
   */
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  date: string;

  /** @example 7 */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(MIN_SEAT_NUMBER)
  @Max(MAX_SEAT_NUMBER)
  seatNumber: number;
}

export class ReservationParams {
  /**
   * Reservation id.
   * @example 42
   */
  @IntFromString()
  reservationId: number;
}

export class ReservationDto {
  /** @example 42 */
  @ApiProperty({ type: 'integer' })
  reservationId: number;

  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  concertId: number;

  @ApiProperty({ format: 'date' })
  date: string;

  /** @example 7 */
  @ApiProperty({ type: 'integer', minimum: MIN_SEAT_NUMBER, maximum: MAX_SEAT_NUMBER })
  seatNumber: number;

  /**
   * The seat price in won, what a payment will charge.
   * @example 80000
   */
  @ApiProperty({ type: 'integer' })
  price: number;

  /**
   * HELD while the hold runs; EXPIRED the instant its time is up (no job needed); CONFIRMED once paid.
   * @example HELD
   */
  @ApiProperty({ enum: STATUSES })
  status: (typeof STATUSES)[number];

  /**
   * When the hold ends (ISO-8601 UTC); kept as it was once the reservation is paid or cancelled.
   * @example 2026-12-01T10:05:00.000Z
   */
  @ApiProperty({ format: 'date-time' })
  heldUntil: string;
}
