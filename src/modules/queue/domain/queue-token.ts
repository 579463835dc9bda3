export type QueueTokenStatus = 'WAITING' | 'ACTIVE' | 'EXPIRED';
/** Why a token stopped being live: dropped while idle, its active time ran out, its payment completed, or an operator ended it. */
export type QueueEndReason = 'IDLE' | 'TTL' | 'PAID' | 'KICKED';
/** What a route asks of a token: that it is live (WAITING or ACTIVE), or that it is ACTIVE. */
export type TokenRequirement = 'live' | 'active';

/** What a route may do with a token: go on, or which error to answer. */
export type TokenVerdict = 'ok' | 'QUEUE_TOKEN_INVALID' | 'QUEUE_TOKEN_NOT_ACTIVE';

/** One place in the queue. `id` orders the queue: a lower id came first. */
export class QueueToken {
  constructor(
    readonly id: string,
    readonly userId: string,
    readonly nonce: Uint8Array,
    readonly status: QueueTokenStatus,
    readonly endedReason: QueueEndReason | null,
    readonly lastSeenAt: Date,
    readonly activatedAt: Date | null,
    readonly expiresAt: Date,
  ) {}

  /** The status as of `now`: a token past its expiry is EXPIRED even before a job has marked it. */
  statusAt(now: Date): QueueTokenStatus {
    if (this.status === 'EXPIRED' || this.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
    return this.status;
  }

  isLiveAt(now: Date): boolean {
    return this.statusAt(now) !== 'EXPIRED';
  }

  /** Whether the token passes a route's requirement at `now`. */
  verdict(requirement: TokenRequirement, now: Date): TokenVerdict {
    const status = this.statusAt(now);
    if (status === 'EXPIRED') return 'QUEUE_TOKEN_INVALID';
    if (requirement === 'active' && status !== 'ACTIVE') return 'QUEUE_TOKEN_NOT_ACTIVE';
    return 'ok';
  }

  /** True when its payment expired it: the one case where an expired token may still replay that payment. */
  get endedByPayment(): boolean {
    return this.status === 'EXPIRED' && this.endedReason === 'PAID';
  }

  /**
   * A poll keeps a WAITING token from being dropped. The write is skipped while the last one is recent,
   * so a client polling every second costs one write per `refreshAfterMs`, not one per poll.
   */
  needsIdleRefresh(now: Date, refreshAfterMs: number): boolean {
    return this.statusAt(now) === 'WAITING' && now.getTime() - this.lastSeenAt.getTime() >= refreshAfterMs;
  }

  /** The token after a poll at `now` pushed its idle expiry out to `idleExpiresAt`. */
  polledAt(now: Date, idleExpiresAt: Date): QueueToken {
    return new QueueToken(
      this.id,
      this.userId,
      this.nonce,
      this.status,
      this.endedReason,
      now,
      this.activatedAt,
      idleExpiresAt,
    );
  }
}
