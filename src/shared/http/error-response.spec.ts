import { HttpException } from '@nestjs/common';
import { DomainError } from '../domain/domain-error.js';
import { toErrorResponse, TooManyRequestsError, ValidationFailedError } from './error-response.js';

const replyError = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });

describe('toErrorResponse', () => {
  it('answers a domain error with its code, the status of that code and its message', () => {
    expect(toErrorResponse(new DomainError('SEAT_UNAVAILABLE', 'Seat 7 is not available'))).toEqual({
      body: { statusCode: 409, code: 'SEAT_UNAVAILABLE', message: 'Seat 7 is not available' },
    });
    expect(toErrorResponse(new DomainError('ADMIN_KEY_INVALID', 'x')).body.statusCode).toBe(401);
    expect(toErrorResponse(new DomainError('QUEUE_TOKEN_NOT_FOUND', 'x')).body.statusCode).toBe(404);
  });

  it('keeps the per-field messages of a validation failure', () => {
    expect(toErrorResponse(new ValidationFailedError(['a must be an integer', 'b is required'])).body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'a must be an integer',
      details: ['a must be an integer', 'b is required'],
    });
  });

  it('answers a refused rate with 429 and a Retry-After of whole seconds, at least 1', () => {
    expect(toErrorResponse(new TooManyRequestsError(12_300))).toMatchObject({
      body: { statusCode: 429, code: 'TOO_MANY_REQUESTS' },
      headers: { 'retry-after': '13' },
    });
    expect(toErrorResponse(new TooManyRequestsError(0)).headers).toEqual({ 'retry-after': '1' });
  });

  it.each([
    ['a refused database connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a wrapped driver error', Object.assign(new Error('x'), { driverError: { code: 'PROTOCOL_CONNECTION_LOST' } })],
    ['a closed Redis connection', new Error('Connection is closed.')],
    ['a cluster that is down', replyError('CLUSTERDOWN The cluster is down')],
    ['a slot that moved during a failover', replyError('MOVED 16038 127.0.0.1:10257')],
    ['a write that reached a former master', replyError("READONLY You can't write against a read only replica.")],
    ['a Redis still loading its data', replyError('LOADING Redis is loading the dataset in memory')],
    [
      'a client out of redirections',
      new Error('Too many Cluster redirections. Last error: Error: Connection is closed.'),
    ],
  ])('answers %s with 503 SERVICE_UNAVAILABLE, the detail kept for the log only', (_what, error) => {
    const mapped = toErrorResponse(error);
    expect(mapped.body).toEqual({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'A backing service is unavailable, try again shortly',
    });
    expect(mapped.cause).toBe(error);
  });

  it('answers anything else with 500 INTERNAL_ERROR, never its message', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const mapped = toErrorResponse(bug);
    expect(mapped.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' });
    expect(mapped.cause).toBe(bug);
  });

  it("maps Nest's and Fastify's own HTTP errors to the contract's codes", () => {
    expect(toErrorResponse(new HttpException('x', 404)).body.code).toBe('NOT_FOUND');
    expect(toErrorResponse(new HttpException('x', 413)).body.code).toBe('PAYLOAD_TOO_LARGE');
    const badJson = Object.assign(new SyntaxError('Unexpected token'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(toErrorResponse(badJson).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });
});
