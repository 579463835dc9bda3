import type { QueueEndReason, QueueToken } from './queue-token.js';

export interface NewQueueEntry {
  readonly userId: string;
  readonly tokenHash: Uint8Array;
  readonly nonce: Uint8Array;
  readonly now: Date;
  /** When the new WAITING token is dropped unless polled. */
  readonly idleExpiresAt: Date;
}

export interface AdmissionRules {
  readonly now: Date;
  readonly maxActive: number;
  readonly activeTtlSeconds: number;
}

export interface AdmissionOutcome {
  readonly admitted: number;
  readonly expiredActive: number;
  readonly droppedIdle: number;
}

export interface QueueSizes {
  readonly waiting: number;
  readonly active: number;
}

/**
 * The queue's storage, shaped around operations a database and Redis can both do atomically:
 * enqueue (one live token per user), rank, admit up to a cap, expire.
 */
export abstract class QueueStore {
  /** Appends a WAITING token, unless the user has a live one: then that one is returned (created=false). */
  abstract enqueue(entry: NewQueueEntry): Promise<{ token: QueueToken; created: boolean }>;
  abstract findByTokenHash(tokenHash: Uint8Array): Promise<QueueToken | null>;
  /** Live WAITING tokens ahead of this one, plus 1. */
  abstract position(token: QueueToken, now: Date): Promise<number>;
  /** Pushes a WAITING token's idle expiry out (a poll). */
  abstract refreshIdle(tokenId: string, now: Date, idleExpiresAt: Date): Promise<void>;
  /** One admission tick: expire ACTIVE tokens past their TTL, drop idle WAITING ones, admit the oldest WAITING up to the cap. */
  abstract admit(rules: AdmissionRules): Promise<AdmissionOutcome>;
  /** Ends a live token; false when it was not live. */
  abstract expire(tokenId: string, reason: QueueEndReason, now: Date): Promise<boolean>;
  /** Admissions since `since`, and when the first of them happened. */
  abstract admissionsSince(since: Date): Promise<{ admitted: number; firstAt: Date | null }>;
  abstract sizes(now: Date): Promise<QueueSizes>;
  /** Resolves when the store answers (health check). */
  abstract ping(): Promise<void>;
}
