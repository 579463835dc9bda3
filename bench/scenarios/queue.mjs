// The queue under a long line: GET /queue/status for a token at the back of 1,000 / 10,000 / 100,000 waiting, then
// for 5,000 tokens each polled once with an idle refresh, and POST /queue/tokens for fresh users joining the 100,000
// line. The line is filled by the store's filler (`line`, bench/fill/*) after the active set is topped up, so that no
// admission moves it; the polled token is issued last over HTTP and its exact position checked over HTTP before and
// after each burst.
import { randomUUID } from 'node:crypto';
import { burst, jsonRequest } from '../lib/load.mjs';
import { ISSUE_LINE, ISSUE_REQUESTS, MAX_ACTIVE, POLL_LEVELS, POLL_REQUESTS } from '../lib/settings.mjs';
import { issueTokens, untilNoneWaiting } from '../lib/users.mjs';
import { expect } from '../lib/util.mjs';

const POLL_WARMUP = 1000;
const REFRESH_TOKENS = 5000;
const ISSUE_WARMUP = 500;

/**
 * Fills the active set to QUEUE_MAX_ACTIVE once nobody waits: from then on no tick admits anyone, so positions hold
 * still. Returns the filler tokens added. `line` is {waiting(), fillActiveTo(n), fillWaiting(n)} of the app's store.
 */
export async function freezeAdmissions(line) {
  await untilNoneWaiting(line);
  return line.fillActiveTo(MAX_ACTIVE);
}

/** Makes the line at least `length` long (exactly, unless it already was longer). */
async function lineOf(line, length) {
  const waiting = await line.waiting();
  return waiting >= length ? waiting : line.fillWaiting(length - waiting);
}

async function positionOf(http, token) {
  const res = await http.call('GET', '/queue/status', { token });
  return res.status === 200 && res.body.status === 'WAITING' ? res.body.position : `${res.status} ${res.body?.status}`;
}

/** One poll burst per level of POLL_LEVELS; `onLevel(level, result)` runs after each, the line still that long. */
export async function pollAtLevels(target, keyOf, http, line, onLevel) {
  for (const level of POLL_LEVELS) {
    const length = await lineOf(line, level - 1);
    expect(length === level - 1, `the line should be ${level - 1} long before the polled token, it is ${length}`);
    const [polled] = await issueTokens(http, 1);
    const before = await positionOf(http, polled.token);
    expect(before === level, `the polled token should be WAITING at ${level}, got ${before}`);
    const request = { method: 'GET', path: '/queue/status', headers: { 'x-queue-token': polled.token } };
    const result = await burst(target, keyOf(level), { warmup: POLL_WARMUP, amount: POLL_REQUESTS, request });
    const after = await positionOf(http, polled.token);
    expect(after === level, `after the burst the polled token should still be WAITING at ${level}, got ${after}`);
    onLevel(level, result);
  }
}

/**
 * A deep line's client polls every 30 s, and a poll that comes a tenth of the idle time (at most 30 s) after the last
 * one also refreshes the token's idle expiry: in a deep line nearly every poll writes. REFRESH_TOKENS WAITING tokens,
 * issued at the back of the line and made to look last seen an hour ago, are each polled once; each must refresh.
 */
export async function pollsRefreshing(target, key, http, line) {
  const tokens = (await issueTokens(http, REFRESH_TOKENS)).map((u) => u.token);
  await line.setLastSeen(tokens, new Date(Date.now() - 3600_000));
  const before = new Date();
  let next = 0;
  const request = {
    method: 'GET',
    path: '/queue/status',
    setupRequest: (req) => ({ ...req, headers: { 'x-queue-token': tokens[next++ % tokens.length] } }),
  };
  const result = await burst(target, key, { amount: tokens.length, request });
  const refreshed = await line.seenSince(tokens, before);
  expect(refreshed === tokens.length, `${tokens.length} polls should each refresh their token, ${refreshed} did`);
  return result;
}

/** Fresh users arriving at peak: the active set is full and the line ISSUE_LINE long, so each joins at the back. */
export async function tokenIssue(target, key, line) {
  await lineOf(line, ISSUE_LINE);
  const request = jsonRequest('POST', '/queue/tokens', {
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ userId: randomUUID() }) }),
  });
  return burst(target, key, { warmup: ISSUE_WARMUP, amount: ISSUE_REQUESTS, request });
}
