import type { QueueEndReason, QueueToken } from './queue-token.js';
import type { AdmissionSnapshot } from './wait-estimate.js';

export interface NewQueueEntry {
  readonly userId: string;
  readonly tokenHash: Uint8Array;
  readonly nonce: Uint8Array;
  readonly now: Date;
  /** When the new WAITING token is dropped unless polled. */
  readonly idleExpiresAt: Date;
}

/**
 * A poll's sign of life: a WAITING token whose idle expiry was last pushed out at least `refreshAfterMs` ago gets
 * `idleExpiresAt` (and `now` as its last sign of life).
 */
export interface IdlePoll {
  readonly now: Date;
  readonly refreshAfterMs: number;
  readonly idleExpiresAt: Date;
}

/** A token with what a poll answers from, read in one round trip. */
export interface QueuePlace {
  readonly token: QueueToken;
  /** Live WAITING tokens ahead of it, plus 1; null when it is not WAITING. */
  readonly position: number | null;
  /** The admissions the last tick observed (shared by every instance); null before the first tick. */
  readonly snapshot: AdmissionSnapshot | null;
}

export interface AdmissionRules {
  readonly now: Date;
  /** QUEUE_MAX_ACTIVE; the operator's setting, when there is one, takes precedence. */
  readonly defaultMaxActive: number;
  readonly activeTtlSeconds: number;
  /** How far back admissions count for the snapshot. */
  readonly observationWindowMs: number;
  /** The shortest span a snapshot covers (one activation interval), so a first burst is not read as a rate per 0 s. */
  readonly minObservationMs: number;
}

export interface AdmissionOutcome {
  readonly admitted: number;
  readonly expiredActive: number;
  readonly droppedIdle: number;
}

/** What an operator may change, stored where every instance reads it. */
export interface QueueSettings {
  /** null: QUEUE_MAX_ACTIVE. */
  readonly maxActive: number | null;
  readonly paused: boolean;
}

export interface QueueOverview {
  readonly waiting: number;
  readonly active: number;
  readonly admittedLastMinute: number;
  readonly settings: QueueSettings;
}

/** Tokens ended explicitly (paid, kicked) since a cursor, for the instances' caches of ACTIVE tokens. */
export interface Revocations {
  readonly tokenIds: readonly string[];
  /** Pass it to the next call. */
  readonly cursor: string;
}

/**
 * The queue's storage, shaped around operations a database and Redis can both do atomically:
 * enqueue (one live token per user), rank, admit up to a cap, expire.
 */
export abstract class QueueStore {
  /** Appends a WAITING token, unless the user has a live one: then that one is returned (created=false). */
  abstract enqueue(entry: NewQueueEntry): Promise<{ place: QueuePlace; created: boolean }>;
  /** The token alone: one indexed lookup. */
  abstract find(tokenHash: Uint8Array): Promise<QueueToken | null>;
  /**
   * The token, its position and the admission snapshot (a poll). With `poll`, a WAITING token is also kept from
   * idling out as IdlePoll says, and the place shows the token as it is then; on Redis all of it is one script.
   */
  abstract findWithPosition(tokenHash: Uint8Array, poll?: IdlePoll): Promise<QueuePlace | null>;
  /** Pushes a live WAITING token's idle expiry out (a user asking for a token again); false when it was not one. */
  abstract refreshIdle(tokenId: string, now: Date, idleExpiresAt: Date): Promise<boolean>;
  /**
   * One admission tick: expire ACTIVE tokens past their TTL, drop idle WAITING ones, admit the oldest WAITING up to
   * the cap unless an operator paused admissions, and record the admissions snapshot. Ticks never overlap, across
   * instances too.
   */
  abstract admit(rules: AdmissionRules): Promise<AdmissionOutcome>;
  /** Ends a live token; false when it was not live. */
  abstract expire(tokenId: string, reason: QueueEndReason, now: Date): Promise<boolean>;
  /** Ends the user's live token; the token as it was, or null when the user had none. */
  abstract expireLiveOf(userId: string, reason: QueueEndReason, now: Date): Promise<QueueToken | null>;
  abstract settings(): Promise<QueueSettings>;
  /** Applies the given changes and returns the settings now in force. */
  abstract changeSettings(change: Partial<QueueSettings>): Promise<QueueSettings>;
  abstract overview(now: Date): Promise<QueueOverview>;
  /** Paid and kicked tokens since `cursor` (null: from now on, nothing before). */
  abstract revocationsSince(cursor: string | null): Promise<Revocations>;
  /** Resolves when the store answers (health check). */
  abstract ping(): Promise<void>;
}
