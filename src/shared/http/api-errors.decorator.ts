import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ErrorCode } from '../domain/domain-error.js';
import { statusOf } from './error-response.js';

export class ErrorBodyDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'SEAT_UNAVAILABLE', description: 'A stable code from the error table of the API' })
  code: string;

  @ApiProperty({ example: 'Seat 7 on 2026-12-24 is not available' })
  message: string;

  @ApiPropertyOptional({ type: [String], description: 'Per-field messages of a VALIDATION_FAILED error' })
  details?: string[];
}

const WHEN: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'a body, path or query value has the wrong type, range or format, or an unknown field',
  QUEUE_TOKEN_MISSING: 'the X-Queue-Token header is missing',
  QUEUE_TOKEN_INVALID: 'the queue token is unknown, malformed or expired',
  QUEUE_TOKEN_NOT_ACTIVE: 'the queue token is still WAITING',
  INSUFFICIENT_BALANCE: 'the point balance is below the amount to pay',
  BALANCE_LIMIT_EXCEEDED: 'the charge would lift the balance above POINT_MAX_BALANCE',
  PAYLOAD_TOO_LARGE: 'the body is over 16 KiB',
  SERVICE_UNAVAILABLE: 'the database (or Redis) cannot be reached',
};

/** Documents the error responses of a route, grouped by status, with one example per code. */
export function ApiErrors(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  return applyDecorators(
    ...[...byStatus.entries()].map(([status, group]) =>
      ApiResponse({
        status,
        type: ErrorBodyDto,
        description: group.map((code) => (WHEN[code] ? `${code}: ${WHEN[code]}` : code)).join('; '),
        examples: Object.fromEntries(
          group.map((code) => [
            code,
            { summary: code, value: { statusCode: status, code, message: WHEN[code] ?? code } },
          ]),
        ),
      }),
    ),
  );
}
