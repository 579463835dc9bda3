import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { IsInt, Min } from 'class-validator';
import type { AppConfig } from '../config/app-config.js';
import { demoSeatPrice } from '../database/demo-seed.js';
import { concertErrors } from '../modules/concert/index.js';
import { paymentErrors } from '../modules/payment/index.js';
import { pointErrors } from '../modules/point/index.js';
import { queueErrors } from '../modules/queue/index.js';
import { reservationErrors } from '../modules/reservation/index.js';
import { utcDay } from '../shared/domain/calendar-date.js';
import type { ErrorCode } from '../shared/domain/domain-error.js';
import { adminKeyInvalid } from '../shared/http/admin-key.guard.js';
import { type ErrorBody, toErrorResponse, TooManyRequestsError } from '../shared/http/error-response.js';
import { createValidationPipe } from '../shared/http/validation.js';

/** The values the sample errors are made with: the examples of the document's parameters and bodies. */
export const SAMPLE = {
  userId: '3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41',
  concertId: 1,
  missingConcertId: 99,
  seatNumber: 7,
  reservationId: 42,
  charge: 50_000,
};

// A body the points charge refuses, run through the app's own validation pipe for its message and details.
class SampleCharge {
  @IsInt()
  @Min(1)
  amount: number;
}

async function validationFailure(): Promise<unknown> {
  try {
    await createValidationPipe().transform({ amount: 0 }, { type: 'body', metatype: SampleCharge });
  } catch (error) {
    return error;
  }
  throw new Error('The sample body passed validation');
}

function dayAfter(day: string): string {
  return utcDay(new Date(Date.parse(day) + 86_400_000));
}

/**
 * What the server answers for each code, made by the code that throws it (the modules' errors, the validation pipe,
 * the exception filter's mapping) with sample values. `day` is a date that concert 1 plays. A code a route documents
 * needs its sample here (the OpenAPI e2e spec checks every example's message against the server's answer).
 */
export async function errorSamples(day: string, config: AppConfig): Promise<Partial<Record<ErrorCode, ErrorBody>>> {
  const thrown: Partial<Record<ErrorCode, unknown>> = {
    VALIDATION_FAILED: await validationFailure(),
    QUEUE_TOKEN_MISSING: queueErrors.tokenMissing(),
    QUEUE_TOKEN_INVALID: queueErrors.tokenInvalid(),
    QUEUE_TOKEN_NOT_ACTIVE: queueErrors.tokenNotActive(),
    CONCERT_NOT_FOUND: concertErrors.concertNotFound(SAMPLE.missingConcertId),
    DATE_NOT_FOUND: concertErrors.dateNotFound(SAMPLE.concertId, dayAfter(day)),
    SEAT_NOT_FOUND: concertErrors.seatNotFound(day, SAMPLE.seatNumber),
    RESERVATION_NOT_FOUND: reservationErrors.reservationNotFound(SAMPLE.reservationId),
    NOT_FOUND: new NotFoundException(),
    SEAT_UNAVAILABLE: reservationErrors.seatUnavailable(day, SAMPLE.seatNumber),
    HOLD_LIMIT_EXCEEDED: reservationErrors.holdLimitExceeded(config.reservation.maxHoldsPerUser),
    RESERVATION_EXPIRED: reservationErrors.reservationExpired(SAMPLE.reservationId),
    RESERVATION_ALREADY_PAID: reservationErrors.reservationAlreadyPaid(SAMPLE.reservationId),
    INSUFFICIENT_BALANCE: pointErrors.insufficientBalance(demoSeatPrice(SAMPLE.seatNumber)),
    BALANCE_LIMIT_EXCEEDED: pointErrors.balanceLimitExceeded(SAMPLE.charge, config.point.maxBalance),
    IDEMPOTENCY_KEY_REUSED: paymentErrors.idempotencyKeyReused(),
    PAYLOAD_TOO_LARGE: new PayloadTooLargeException(),
    ADMIN_KEY_INVALID: adminKeyInvalid(),
    QUEUE_TOKEN_NOT_FOUND: queueErrors.queueTokenNotFound(SAMPLE.userId),
    TOO_MANY_REQUESTS: new TooManyRequestsError(1000),
    INTERNAL_ERROR: new Error('a bug'),
    SERVICE_UNAVAILABLE: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  };
  const samples = Object.entries(thrown).map(([code, error]) => [code, toErrorResponse(error).body] as const);
  for (const [code, body] of samples) {
    if (body.code !== code) throw new Error(`The sample for ${code} maps to ${body.code}`);
  }
  return Object.fromEntries(samples);
}
