import { randomUUID } from 'node:crypto';
import { AdmitWaitingTokensUseCase } from '../../src/modules/queue/application/admit-waiting-tokens.use-case.js';
import type { TestApp } from './test-app.js';

export interface Caller {
  token: string;
  userId: string;
}

/** Issues a queue token over HTTP; it is WAITING. */
export async function waitingCaller(t: TestApp, userId: string = randomUUID()): Promise<Caller> {
  const res = await t.http.post<{ token: string; userId: string; status: string }>('/queue/tokens', { userId });
  if (res.status !== 201 && res.status !== 200) throw new Error(`issue failed: ${res.status} ${res.text}`);
  return { token: res.body.token, userId: res.body.userId };
}

/** Runs one admission tick, as the scheduler would. */
export function admissionTick(t: TestApp) {
  return t.get(AdmitWaitingTokensUseCase).execute();
}

/** Issues a token and admits it (the app must allow enough ACTIVE tokens: QUEUE_MAX_ACTIVE). */
export async function activeCaller(t: TestApp, userId: string = randomUUID()): Promise<Caller> {
  const caller = await waitingCaller(t, userId);
  await admissionTick(t);
  const status = await t.http.get<{ status: string }>('/queue/status', { token: caller.token });
  if (status.body.status !== 'ACTIVE') throw new Error(`token not admitted: ${status.text}`);
  return caller;
}

/** Many ACTIVE callers at once: issued in parallel, admitted in one tick. */
export async function activeCallers(t: TestApp, count: number): Promise<Caller[]> {
  const callers = await Promise.all(Array.from({ length: count }, () => waitingCaller(t)));
  await admissionTick(t);
  return callers;
}
