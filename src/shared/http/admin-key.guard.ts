import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { DomainError } from '../domain/domain-error.js';

export const ADMIN_KEY_HEADER = 'x-admin-key';

export const adminKeyInvalid = () => new DomainError('ADMIN_KEY_INVALID', 'The X-Admin-Key header is missing or wrong');

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * The operator routes' key check: X-Admin-Key must equal ADMIN_API_KEY. Both are hashed first, so the comparison
 * takes the same time whatever the header's length or content (timingSafeEqual needs equal lengths).
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(config: AppConfig) {
    this.expected = config.admin.apiKey === null ? null : digest(config.admin.apiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers[ADMIN_KEY_HEADER];
    const given = typeof header === 'string' ? digest(header) : null;
    if (this.expected && given && timingSafeEqual(given, this.expected)) return true;
    throw adminKeyInvalid();
  }
}
