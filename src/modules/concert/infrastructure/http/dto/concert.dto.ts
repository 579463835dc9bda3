import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '../../../../../shared/http/calendar-date.validator.js';
import { IntFromString } from '../../../../../shared/http/int-param.js';

export class ConcertParams {
  @IntFromString({ example: 1, description: 'Concert id' })
  concertId: number;
}

export class ConcertDateParams extends ConcertParams {
  @ApiProperty({ example: '2026-12-24', description: 'A calendar day, YYYY-MM-DD (UTC)' })
  @IsCalendarDate()
  date: string;
}

export class ConcertDto {
  @ApiProperty({ example: 1 })
  id: number;
  @ApiProperty({ example: 'IU 2026 HEREH World Tour' })
  title: string;
  @ApiProperty({ example: 'Seoul Olympic Stadium' })
  venue: string;
}

export class ConcertListDto {
  @ApiProperty({ type: [ConcertDto] })
  concerts: ConcertDto[];
}

export class ReservableDateDto {
  @ApiProperty({ example: '2026-12-24' })
  date: string;
  @ApiProperty({ example: 37, description: 'Free seats, counting holds that have run out' })
  availableSeats: number;
  @ApiProperty({ example: 50 })
  totalSeats: number;
}

export class ReservableDatesDto {
  @ApiProperty({ example: 1 })
  concertId: number;
  @ApiProperty({
    type: [ReservableDateDto],
    description: 'Dates from today (UTC) on with at least one free seat, ascending',
  })
  dates: ReservableDateDto[];
}

export class AvailableSeatDto {
  @ApiProperty({ example: 7, minimum: 1, maximum: 50 })
  seatNumber: number;
  @ApiProperty({ example: 80000, description: 'Price in won' })
  price: number;
}

export class AvailableSeatsDto {
  @ApiProperty({ example: 1 })
  concertId: number;
  @ApiProperty({ example: '2026-12-24' })
  date: string;
  @ApiProperty({ type: [AvailableSeatDto], description: 'Only free seats, ascending by number' })
  seats: AvailableSeatDto[];
}
