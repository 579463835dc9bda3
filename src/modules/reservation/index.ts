export { ReservationModule } from './reservation.module.js';
