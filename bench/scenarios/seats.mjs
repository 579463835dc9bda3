// GET /concerts/:id/dates/:date/seats with ACTIVE tokens: many users (round robin) reading one date's 50 free seats.
import { burst } from '../lib/load.mjs';
import { SEATS_PER_DATE, SEATS_REQUESTS } from '../lib/settings.mjs';
import { expect } from '../lib/util.mjs';

const WARMUP = 1000;

/** `date` is {concertId, date}, a date no other scenario touches; `users` are ACTIVE ({token}). */
export async function freeSeatList(target, key, http, users, date) {
  const path = `/concerts/${date.concertId}/dates/${date.date}/seats`;
  const check = await http.call('GET', path, { token: users[0].token });
  expect(
    check.status === 200 && check.body.seats.length === SEATS_PER_DATE,
    `${path} should list ${SEATS_PER_DATE} free seats, got ${check.status} ${JSON.stringify(check.body).slice(0, 200)}`,
  );
  let next = 0;
  const request = {
    method: 'GET',
    path,
    setupRequest: (req) => ({ ...req, headers: { 'x-queue-token': users[next++ % users.length].token } }),
  };
  return burst(target, key, { warmup: WARMUP, amount: SEATS_REQUESTS, request });
}
