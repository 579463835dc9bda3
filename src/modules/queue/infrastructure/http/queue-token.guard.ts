import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import {
  PAID_TOKEN_REPLAY,
  QUEUE_TOKEN_HEADER,
  ROUTE_ACCESS,
  type RouteAccess,
} from '../../../../shared/http/route-access.js';
import { AuthenticateQueueTokenUseCase } from '../../application/authenticate-queue-token.use-case.js';
import { TokenReplayRegistry } from '../../application/token-replay-policy.js';
import { tokenInvalid, tokenMissing, tokenNotActive } from '../../domain/queue.errors.js';
import type { RequestWithQueueToken } from './current-queue-token.decorator.js';

/**
 * The global guard: enforces the access each route declares (src/shared/http/route-access.ts). A route that
 * declares nothing needs an ACTIVE token (closed by default).
 */
@Injectable()
export class QueueTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticate: AuthenticateQueueTokenUseCase,
    private readonly replays: TokenReplayRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const access = this.reflector.getAllAndOverride<RouteAccess>(ROUTE_ACCESS, targets) ?? 'active';
    if (access === 'public') return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithQueueToken>();
    const header = request.headers[QUEUE_TOKEN_HEADER];
    if (header === undefined || header === '') throw tokenMissing();
    if (typeof header !== 'string') throw tokenInvalid();

    const { token, verdict } = await this.authenticate.execute(header, access);
    if (token && verdict === 'ok') {
      request.queueCaller = { userId: token.userId, tokenId: token.id, replayOnly: false };
      request.queueToken = token;
      return true;
    }
    if (verdict === 'QUEUE_TOKEN_NOT_ACTIVE') throw tokenNotActive();
    if (token?.endedByPayment && this.reflector.getAllAndOverride<boolean>(PAID_TOKEN_REPLAY, targets)) {
      const candidate = { userId: token.userId, tokenId: token.id, headers: request.headers, body: request.body };
      if (await this.replays.isReplay(candidate)) {
        request.queueCaller = { ...candidate, replayOnly: true };
        return true;
      }
    }
    throw tokenInvalid();
  }
}
