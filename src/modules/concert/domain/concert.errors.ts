import { DomainError } from '../../../shared/domain/domain-error.js';

export const concertNotFound = (concertId: number) =>
  new DomainError('CONCERT_NOT_FOUND', `Concert ${concertId} does not exist`);

export const dateNotFound = (concertId: number, date: string) =>
  new DomainError('DATE_NOT_FOUND', `Concert ${concertId} does not play on ${date}`);

export const seatNotFound = (date: string, seatNumber: number) =>
  new DomainError('SEAT_NOT_FOUND', `Seat ${seatNumber} on ${date} does not exist`);

export const seatUnavailable = (date: string, seatNumber: number) =>
  new DomainError('SEAT_UNAVAILABLE', `Seat ${seatNumber} on ${date} is not available`);
