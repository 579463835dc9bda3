// The admission tick's cost: with admissions held (the operator's pause) and the active set's size raised by
// ADMISSION_BATCH, the counting window opens, admissions resume and the next tick admits the whole batch; the window
// closes once the batch's last token no longer waits. Runs last in a pass: the active set is full and the line long.
import { performance } from 'node:perf_hooks';
import { startCpu } from '../lib/cpu.mjs';
import { ADMISSION_BATCH, ADMISSION_ROUNDS, MAX_ACTIVE } from '../lib/settings.mjs';
import { expect, sleep } from '../lib/util.mjs';

const CHECK_EVERY_MS = 2;
const ROUND_TIMEOUT_MS = 30_000;

/** Waiting tokens the rounds need. */
export const admissionLineNeeded = () => ADMISSION_BATCH * ADMISSION_ROUNDS;

async function round(target, line, maxActive) {
  await line.holdAdmissions(maxActive);
  const waitingBefore = await line.waiting();
  const last = await line.waitingIdAt(ADMISSION_BATCH - 1);
  expect(last !== undefined, `the line should hold at least ${ADMISSION_BATCH} tokens`);
  const counting = await target.counters.window();
  const cpu = startCpu(target.pid);
  const started = performance.now();
  await line.resumeAdmissions(target.counters.conn);
  while (await line.stillWaiting(target.counters.conn, last)) {
    expect(
      performance.now() - started < ROUND_TIMEOUT_MS,
      `no tick admitted ${ADMISSION_BATCH} in ${ROUND_TIMEOUT_MS} ms`,
    );
    await sleep(CHECK_EVERY_MS);
  }
  counting.end();
  const ms = performance.now() - started;
  const admitted = waitingBefore - (await line.waiting());
  const perToken = cpu.perRequest(null, admitted);
  return { admitted, ms, counters: await counting.result(admitted, perToken) };
}

/**
 * ADMISSION_ROUNDS ticks of ADMISSION_BATCH each, from a full active set of QUEUE_MAX_ACTIVE. Returns the median round
 * (by Redis commands, then MySQL statements: the least disturbed by other sessions), its costs per admitted token.
 */
export async function admissionTicks(target, line) {
  const rounds = [];
  for (let k = 1; k <= ADMISSION_ROUNDS; k++) rounds.push(await round(target, line, MAX_ACTIVE + k * ADMISSION_BATCH));
  const size = (r) => r.counters.redis.commands + r.counters.mysql.statements;
  rounds.sort((a, b) => size(a) - size(b));
  const median = rounds[Math.floor(rounds.length / 2)];
  return { ...median, rounds: rounds.length, msAll: rounds.map((r) => r.ms) };
}
