import { Injectable } from '@nestjs/common';

export interface ReplayCandidate {
  readonly userId: string;
  readonly tokenId: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

/** Decides whether a request with a payment-expired token is a replay of that very payment. */
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
