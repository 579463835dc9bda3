// Users of the app under test, made over HTTP: fresh queue tokens, and ACTIVE ones once the scheduler admitted them.
import { randomUUID } from 'node:crypto';
import { expect, mapLimit, sleep } from './util.mjs';

const IN_FLIGHT = 50;
const ADMISSION_TIMEOUT_MS = 60_000;
const ADMISSION_POLL_MS = 50;

/** POST /queue/tokens for `count` fresh users; returns [{userId, token, body}]. */
export function issueTokens(http, count) {
  const users = Array.from({ length: count }, () => randomUUID());
  return mapLimit(users, IN_FLIGHT, async (userId) => {
    const res = await http.call('POST', '/queue/tokens', { body: { userId } });
    expect(res.status === 201, `POST /queue/tokens answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { userId, token: res.body.token, body: res.body };
  });
}

/** Waits until nobody waits in the line (`line.waiting()` is the store's count). */
export async function untilNoneWaiting(line) {
  const deadline = Date.now() + ADMISSION_TIMEOUT_MS;
  for (;;) {
    const waiting = await line.waiting();
    if (waiting === 0) return;
    expect(Date.now() < deadline, `${waiting} tokens still WAITING after ${ADMISSION_TIMEOUT_MS} ms`);
    await sleep(ADMISSION_POLL_MS);
  }
}

/** Issues `count` tokens and waits until the scheduler has admitted every one (checked over HTTP). */
export async function activeUsers(http, line, count) {
  const users = await issueTokens(http, count);
  await untilNoneWaiting(line);
  const statuses = await mapLimit(users, IN_FLIGHT, (u) => http.call('GET', '/queue/status', { token: u.token }));
  expect(
    statuses.every((res) => res.status === 200 && res.body.status === 'ACTIVE'),
    'a token the scheduler admitted is not ACTIVE over HTTP',
  );
  return users;
}
