export { ReservationModule } from './reservation.module.js';
export { ReservationFacade } from './application/reservation.facade.js';
export type { ReservationView } from './application/reservation.view.js';
export type { ReservationStatus } from './domain/reservation.js';
/** The errors this module answers with; the API document's examples are made with them. */
export * as reservationErrors from './domain/reservation.errors.js';
