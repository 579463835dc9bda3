import { DomainError } from '../../../shared/domain/domain-error.js';

export const reservationNotFound = (reservationId: number) =>
  new DomainError('RESERVATION_NOT_FOUND', `Reservation ${reservationId} does not exist`);

export const seatUnavailable = (date: string, seatNumber: number) =>
  new DomainError('SEAT_UNAVAILABLE', `Seat ${seatNumber} on ${date} is not available`);

export const holdLimitExceeded = (maxHolds: number) =>
  new DomainError('HOLD_LIMIT_EXCEEDED', `You already have ${maxHolds} unpaid holds, the most allowed at once`);

export const reservationExpired = (reservationId: number) =>
  new DomainError('RESERVATION_EXPIRED', `Reservation ${reservationId} is no longer held`);

export const reservationAlreadyPaid = (reservationId: number) =>
  new DomainError('RESERVATION_ALREADY_PAID', `Reservation ${reservationId} is already paid`);
