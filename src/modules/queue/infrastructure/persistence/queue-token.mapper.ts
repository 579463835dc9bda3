import { QueueToken } from '../../domain/queue-token.js';
import type { QueueTokenOrmEntity } from './queue-token.orm-entity.js';

export const QueueTokenMapper = {
  toDomain(row: QueueTokenOrmEntity): QueueToken {
    return new QueueToken(
      String(row.id),
      row.userId,
      row.nonce,
      row.status,
      row.endedReason,
      row.lastSeenAt,
      row.activatedAt,
      row.expiresAt,
    );
  },
};
