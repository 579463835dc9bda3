import { ApiProperty } from '@nestjs/swagger';
import { MAX_SEAT_NUMBER, MIN_SEAT_NUMBER } from '../../../domain/concert.js';

export class ConcertDto {
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  id: number;

  /** @example Winter Symphony Gala */
  title: string;

  /** @example Seoul Arts Center */
  venue: string;
}

export class ConcertListDto {
  @ApiProperty({ type: [ConcertDto] })
  concerts: ConcertDto[];
}

export class ReservableDateDto {
  @ApiProperty({ format: 'date' })
  date: string;

  /**
   * Free seats, counting holds that have run out.
   * @example 37
   */
  @ApiProperty({ type: 'integer', minimum: 1 })
  availableSeats: number;

  /** @example 50 */
  @ApiProperty({ type: 'integer' })
  totalSeats: number;
}

export class ReservableDatesDto {
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  concertId: number;

  /** Dates from today (UTC) on with at least one free seat, ascending. */
  @ApiProperty({ type: [ReservableDateDto] })
  dates: ReservableDateDto[];
}

export class AvailableSeatDto {
  /** @example 7 */
  @ApiProperty({ type: 'integer', minimum: MIN_SEAT_NUMBER, maximum: MAX_SEAT_NUMBER })
  seatNumber: number;

  /**
   * Price in won.
   * @example 80000
   */
  @ApiProperty({ type: 'integer' })
  price: number;
}

export class AvailableSeatsDto {
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  concertId: number;

  @ApiProperty({ format: 'date' })
  date: string;

  /** Only free seats, ascending by number. */
  @ApiProperty({ type: [AvailableSeatDto] })
  seats: AvailableSeatDto[];
}
