import { Injectable } from '@nestjs/common';

export interface ReplayCandidate {
  readonly userId: string;
  readonly tokenId: string;
  /**
   * True for the token a payment expired: only a replay of that very payment passes. False for a live token of the
   * same user that may not pay (still WAITING): a replay of any stored payment of the user passes.
   */
  readonly spentToken: boolean;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

/** Decides whether a request that may not pay is a replay of a stored payment (and may be answered with it). */
export interface TokenReplayPolicy {
  isReplay(candidate: ReplayCandidate): Promise<boolean>;
}

/**
 * The payment module registers its policy here at start; the queue module cannot import the payment
 * module (payment depends on queue), so the dependency is inverted through this registry.
 */
@Injectable()
export class TokenReplayRegistry {
  private policy: TokenReplayPolicy | null = null;

  register(policy: TokenReplayPolicy): void {
    this.policy = policy;
  }

  /** With no policy registered, no expired token is ever let through. */
  isReplay(candidate: ReplayCandidate): Promise<boolean> {
    return this.policy ? this.policy.isReplay(candidate) : Promise.resolve(false);
  }
}
