import { CreateConcertCatalogue1764129600000 } from './1764129600000-create-concert-catalogue.js';
import { CreateQueue1764129600001 } from './1764129600001-create-queue.js';
import { CreateReservation1764129600002 } from './1764129600002-create-reservation.js';
import { CreatePoint1764129600003 } from './1764129600003-create-point.js';
import { CreatePayment1764129600004 } from './1764129600004-create-payment.js';
import { QueueOperations1764129600005 } from './1764129600005-queue-operations.js';

/** Every migration, in order. Listed explicitly so the ESM build and the tests load the same set. */
export const MIGRATIONS = [
  CreateConcertCatalogue1764129600000,
  CreateQueue1764129600001,
  CreateReservation1764129600002,
  CreatePoint1764129600003,
  CreatePayment1764129600004,
  QueueOperations1764129600005,
];
