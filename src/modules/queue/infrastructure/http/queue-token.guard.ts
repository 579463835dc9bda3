import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RateLimits } from '../../../../rate-limit/rate-limits.js';
import {
  ISSUE_RATE_LIMIT,
  PAID_TOKEN_REPLAY,
  QUEUE_TOKEN_HEADER,
  ROUTE_ACCESS,
  type RouteAccess,
} from '../../../../shared/http/route-access.js';
import { AuthenticateQueueTokenUseCase } from '../../application/authenticate-queue-token.use-case.js';
import { TokenReplayRegistry } from '../../application/token-replay-policy.js';
import { tokenInvalid, tokenMissing, tokenNotActive } from '../../domain/queue.errors.js';
import { TokenCodec } from '../../domain/token-codec.js';
import { READS_QUEUE_PLACE, type RequestWithQueuePlace } from './queue-place.decorator.js';

/**
 * The global guard: enforces the access each route declares (src/shared/http/route-access.ts), and the rate limits.
 * Order: the client-address limit of a token issue; the token (401/403); the per-token limit (429). A route that
 * declares nothing needs an ACTIVE token (closed by default).
 */
@Injectable()
export class QueueTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticate: AuthenticateQueueTokenUseCase,
    private readonly replays: TokenReplayRegistry,
    private readonly limits: RateLimits,
    private readonly codec: TokenCodec,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithQueuePlace>();
    const access = this.reflector.getAllAndOverride<RouteAccess>(ROUTE_ACCESS, targets) ?? 'active';
    if (access === 'public') {
      if (this.reflector.get<boolean>(ISSUE_RATE_LIMIT, context.getHandler()))
        await this.limits.consumeIssue(request.ip);
      return true;
    }

    const header = request.headers[QUEUE_TOKEN_HEADER];
    if (header === undefined || header === '') throw tokenMissing();
    if (typeof header !== 'string') throw tokenInvalid();

    const hash = this.codec.hashOf(header);
    if (!hash) throw tokenInvalid();
    const poll = this.reflector.get<boolean>(READS_QUEUE_PLACE, context.getHandler()) === true;
    // Counted by the token's hash (no usable token is ever written to the store), in the same write to Redis as the
    // lookup; the count decides only once the token has passed.
    const counted = this.limits.consumeToken(Buffer.from(hash).toString('hex')).then(
      () => null,
      (refusal: unknown) => refusal,
    );
    const passed = async () => {
      const refusal = await counted;
      if (refusal) throw refusal;
      return true;
    };
    // A poll's lookup also writes (the idle refresh), so it waits for the count: a refused request changes nothing.
    const place = poll ? ((await counted) ? 'read' : 'poll') : 'none';
    const { token, place: read, verdict } = await this.authenticate.execute(hash, access, place);
    if (token && verdict === 'ok') {
      request.queueCaller = { userId: token.userId, tokenId: token.id, replayOnly: false };
      if (read) request.queuePlace = read;
      return passed();
    }
    // A payment route may answer a replay of a stored payment to a token that may not pay: the one that payment spent,
    // or the user's next token while it still waits. Nothing new is paid (replayOnly).
    const replays = token !== null && this.reflector.getAllAndOverride<boolean>(PAID_TOKEN_REPLAY, targets) === true;
    const spentToken = token?.endedByPayment === true;
    if (replays && (spentToken || verdict === 'QUEUE_TOKEN_NOT_ACTIVE')) {
      const candidate = {
        userId: token.userId,
        tokenId: token.id,
        spentToken,
        headers: request.headers,
        body: request.body,
      };
      if (await this.replays.isReplay(candidate)) {
        request.queueCaller = { userId: token.userId, tokenId: token.id, replayOnly: true };
        return passed();
      }
    }
    if (verdict === 'QUEUE_TOKEN_NOT_ACTIVE') throw tokenNotActive();
    throw tokenInvalid();
  }
}
