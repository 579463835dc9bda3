import { applyDecorators, createParamDecorator, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { isCalendarDate } from '../domain/calendar-date.js';
import { ValidationFailedError } from './error-response.js';
import { MAX_ID } from './int-param.js';

/**
 * Path parameters of the hottest reads (the free-seat list, the dates), checked by a pipe of their own instead of a
 * DTO through the global ValidationPipe: class-validator spent ~35 µs a request on two parameters (docs/benchmarks.md).
 * A custom parameter decorator is what the ValidationPipe leaves alone; the rules and messages are the DTOs' own.
 */
const PathParam = createParamDecorator(
  (name: string, context: ExecutionContext): unknown =>
    context.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string> }>>().params[name],
);

class PositiveIntPipe implements PipeTransform<unknown, number> {
  constructor(private readonly name: string) {}

  transform(value: unknown): number {
    // Digits only: "1.5", "1e3", " 7" are refused.
    const number = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (number >= 1 && number <= MAX_ID) return number;
    throw new ValidationFailedError([`${this.name} must be an integer from 1 to ${MAX_ID}`]);
  }
}

class CalendarDatePipe implements PipeTransform<unknown, string> {
  constructor(private readonly name: string) {}

  transform(value: unknown): string {
    if (typeof value === 'string' && isCalendarDate(value)) return value;
    throw new ValidationFailedError([`${this.name} must be a calendar date written as YYYY-MM-DD`]);
  }
}

/** A positive integer id from the path (1..2^31-1). */
export const PathId = (name: string) => PathParam(name, new PositiveIntPipe(name));

/** A real calendar day from the path, YYYY-MM-DD (2026-02-30 is refused). */
export const PathDate = (name: string) => PathParam(name, new CalendarDatePipe(name));

/** The OpenAPI entries of those parameters (the Swagger plugin only sees @Param). */
export const ApiPathId = (name: string, description: string) =>
  ApiParam({ name, description, required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ID, example: 1 } });

export const ApiPathDate = (name: string, description: string) =>
  applyDecorators(ApiParam({ name, description, required: true, schema: { type: 'string', format: 'date' } }));
