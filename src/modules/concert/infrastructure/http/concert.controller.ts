import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../../../shared/http/api-errors.decorator.js';
import { Public, RequireActiveToken } from '../../../../shared/http/route-access.js';
import { ListAvailableSeatsUseCase } from '../../application/list-available-seats.use-case.js';
import { ListConcertsUseCase } from '../../application/list-concerts.use-case.js';
import { ListReservableDatesUseCase } from '../../application/list-reservable-dates.use-case.js';
import { ApiPathDate, ApiPathId, PathDate, PathId } from '../../../../shared/http/path-params.js';
import { AvailableSeatsDto, ConcertListDto, ReservableDatesDto } from './dto/concert.dto.js';

const DATE_DESCRIPTION =
  'A calendar day, YYYY-MM-DD (UTC). The example is the first day the demo seed gives concert 1 when it seeds on the ' +
  'day this server started; a database seeded on another day has other days: take one from GET /concerts/{concertId}/dates.';

@ApiTags('concerts')
@ApiErrors('SERVICE_UNAVAILABLE')
@Controller('concerts')
export class ConcertController {
  constructor(
    private readonly listConcerts: ListConcertsUseCase,
    private readonly listReservableDates: ListReservableDatesUseCase,
    private readonly listAvailableSeats: ListAvailableSeatsUseCase,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'List concerts (public)' })
  @ApiOkResponse({ type: ConcertListDto, description: 'Every concert' })
  async list(): Promise<ConcertListDto> {
    return { concerts: await this.listConcerts.execute() };
  }

  @Get(':concertId/dates')
  @RequireActiveToken()
  @ApiOperation({
    summary: 'Reservable dates of a concert',
    description:
      'Dates from today (UTC) on with at least one available seat, ascending. A seat whose hold has run out counts as available at once.',
  })
  @ApiOkResponse({ type: ReservableDatesDto, description: 'The dates with a free seat, ascending' })
  @ApiErrors('VALIDATION_FAILED', 'CONCERT_NOT_FOUND')
  @ApiPathId('concertId', 'Concert id')
  async dates(@PathId('concertId') concertId: number): Promise<ReservableDatesDto> {
    return { concertId, dates: await this.listReservableDates.execute(concertId) };
  }

  @Get(':concertId/dates/:date/seats')
  @RequireActiveToken()
  @ApiOperation({
    summary: 'Free seats of a date',
    description:
      'Only available seats, ascending by number. A past date, or one the concert does not play, is 404 DATE_NOT_FOUND.',
  })
  @ApiOkResponse({ type: AvailableSeatsDto, description: 'The free seats of the date, ascending by number' })
  @ApiErrors('VALIDATION_FAILED', 'CONCERT_NOT_FOUND', 'DATE_NOT_FOUND')
  @ApiPathId('concertId', 'Concert id')
  @ApiPathDate('date', DATE_DESCRIPTION)
  async seats(@PathId('concertId') concertId: number, @PathDate('date') date: string): Promise<AvailableSeatsDto> {
    return { concertId, date, seats: await this.listAvailableSeats.execute(concertId, date) };
  }
}
