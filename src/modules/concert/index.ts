export { ConcertModule } from './concert.module.js';
export { ConcertFacade } from './application/concert.facade.js';
export { type BookableSeat, MAX_SEAT_NUMBER, MIN_SEAT_NUMBER, type SeatRef } from './domain/concert.js';
/** The errors this module answers with; the API document's examples are made with them. */
export * as concertErrors from './domain/concert.errors.js';
