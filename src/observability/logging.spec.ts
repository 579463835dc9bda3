import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './logging.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function request(id?: string | string[]): IncomingMessage {
  return { headers: id === undefined ? {} : { 'x-request-id': id } } as unknown as IncomingMessage;
}

describe('requestIdOf', () => {
  it('keeps a short id made of letters, digits and . _ : -', () => {
    expect(requestIdOf(request('abc-123'))).toBe('abc-123');
    expect(requestIdOf(request('1-5759e988.bd862e3f_1:2'))).toBe('1-5759e988.bd862e3f_1:2');
    expect(requestIdOf(request('x'.repeat(64)))).toBe('x'.repeat(64));
  });

  it('replaces a missing, long, repeated or unsafe id with a fresh UUID', () => {
    const ids = [undefined, '', 'x'.repeat(65), ['a', 'b'], 'a b', 'a\nb', '<script>', 'a"b', 'k=v'].map((id) =>
      requestIdOf(request(id)),
    );
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
