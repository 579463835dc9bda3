export { ReservationModule } from './reservation.module.js';
export { ReservationFacade } from './application/reservation.facade.js';
export type { ReservationView } from './application/reservation.view.js';
export type { ReservationStatus } from './domain/reservation.js';
