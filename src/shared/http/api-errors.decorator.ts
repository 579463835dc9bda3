import { applyDecorators } from '@nestjs/common';
import {
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  type ApiResponseOptions,
  type OpenAPIObject,
} from '@nestjs/swagger';
import type { ErrorCode } from '../domain/domain-error.js';
import { type ErrorBody, statusOf, toErrorResponse } from './error-response.js';
import { BODY_LIMIT_TEXT } from './body-limit.js';

/** When each code is answered: one line, shown with every route that documents it. */
const WHEN: Record<ErrorCode, string> = {
  VALIDATION_FAILED:
    'a body, path, query or header value has the wrong type, range or format, a body field is unknown, or the JSON is malformed',
  QUEUE_TOKEN_MISSING: 'the X-Queue-Token header is missing',
  QUEUE_TOKEN_INVALID: 'the queue token is unknown, malformed or expired',
  QUEUE_TOKEN_NOT_ACTIVE: 'the queue token is still WAITING on a route that needs an ACTIVE one',
  CONCERT_NOT_FOUND: 'no concert has this id',
  DATE_NOT_FOUND: 'the concert does not play on this date, or the date is past',
  SEAT_NOT_FOUND: 'the date has no seat with this number',
  RESERVATION_NOT_FOUND: 'no reservation of yours has this id (one of another user is not yours to see)',
  NOT_FOUND: 'no such route',
  SEAT_UNAVAILABLE: 'the seat is held or sold',
  HOLD_LIMIT_EXCEEDED: 'you already have RESERVATION_MAX_HOLDS_PER_USER unpaid holds',
  RESERVATION_EXPIRED: 'the hold ran out, or (paying) it was cancelled',
  RESERVATION_ALREADY_PAID: 'the reservation is paid',
  INSUFFICIENT_BALANCE: 'the point balance is below the seat price',
  BALANCE_LIMIT_EXCEEDED: 'the charge would lift the balance above POINT_MAX_BALANCE',
  IDEMPOTENCY_KEY_REUSED: 'this Idempotency-Key was used before with another body',
  PAYLOAD_TOO_LARGE: `the body is over ${BODY_LIMIT_TEXT}`,
  ADMIN_KEY_INVALID: 'an admin route without the right X-Admin-Key',
  QUEUE_TOKEN_NOT_FOUND: 'the user has no live queue token',
  TOO_MANY_REQUESTS: 'a rate limit was reached; try again after Retry-After seconds',
  INTERNAL_ERROR: 'a bug; the message never carries SQL, stack traces or secrets',
  SERVICE_UNAVAILABLE: 'the database (or Redis) cannot be reached',
};

export const ERROR_CODES = Object.keys(WHEN) as ErrorCode[];

export class ErrorBodyDto {
  @ApiProperty({ type: 'integer', example: 409 })
  statusCode: number;

  @ApiProperty({ enum: ERROR_CODES, example: 'SEAT_UNAVAILABLE', description: 'A stable code from the error table' })
  code: string;

  @ApiProperty({ description: 'For people; it may change, the code does not' })
  message: string;

  @ApiPropertyOptional({ type: [String], description: 'Per-field messages of a VALIDATION_FAILED error' })
  details?: string[];
}

/**
 * A code, whose example message is the sample the document is built with (fillErrorExamples), or an error as a
 * route throws it, mapped to its body now.
 */
export type DocumentedError = ErrorCode | Error;

interface ErrorExample {
  summary: string;
  value: Omit<ErrorBody, 'message'> & { message?: string };
}

function exampleOf(error: DocumentedError): ErrorExample {
  const value = typeof error === 'string' ? { statusCode: statusOf(error), code: error } : toErrorResponse(error).body;
  return { summary: value.code, value };
}

/** The response of one status: a line per code saying when, and one example per code. */
export function errorResponse(status: number, errors: DocumentedError[]): ApiResponseOptions {
  const examples = errors.map(exampleOf);
  return {
    status,
    type: ErrorBodyDto,
    description: examples.map(({ value }) => `- \`${value.code}\`: ${WHEN[value.code]}`).join('\n'),
    examples: Object.fromEntries(examples.map((example) => [example.value.code, example])),
  };
}

/** Documents the error responses of a route, grouped by status. */
export function ApiErrors(...errors: DocumentedError[]) {
  const byStatus = new Map<number, DocumentedError[]>();
  for (const error of errors) {
    const status = exampleOf(error).value.statusCode;
    byStatus.set(status, [...(byStatus.get(status) ?? []), error]);
  }
  return applyDecorators(...[...byStatus].map(([status, group]) => ApiResponse(errorResponse(status, group))));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in WHEN;
}

/**
 * Gives every error example that has only a code the body the server answers with (`samples`, made from the errors
 * the modules throw), so the document's messages are the server's own.
 */
export function fillErrorExamples(document: OpenAPIObject, samples: Partial<Record<ErrorCode, ErrorBody>>): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (!isRecord(operation) || !isRecord(operation.responses)) continue;
      for (const response of Object.values(operation.responses)) {
        const content = isRecord(response) && isRecord(response.content) ? response.content : {};
        for (const media of Object.values(content)) {
          const examples = isRecord(media) && isRecord(media.examples) ? media.examples : {};
          for (const example of Object.values(examples)) {
            const value = isRecord(example) ? example.value : undefined;
            if (isRecord(value) && isErrorCode(value.code) && value.message === undefined) {
              Object.assign(value, samples[value.code] ?? {});
            }
          }
        }
      }
    }
  }
  const schema = document.components?.schemas?.[ErrorBodyDto.name];
  const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  const code = isRecord(properties.code) ? properties.code.example : undefined;
  if (isErrorCode(code) && isRecord(properties.message)) properties.message.example = samples[code]?.message;
}
