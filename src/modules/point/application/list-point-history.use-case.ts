import { Injectable } from '@nestjs/common';
import type { PointHistoryEntry } from '../domain/point-history.js';
import { PointHistoryRepository } from '../domain/point-history.repository.js';
import { HistoryCursor } from './history-cursor.js';

export const DEFAULT_HISTORY_LIMIT = 20;
export const MAX_HISTORY_LIMIT = 100;

export interface ListPointHistoryQuery {
  readonly userId: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface PointHistoryPage {
  readonly items: PointHistoryEntry[];
  /** Set only when older entries exist. */
  readonly nextCursor: string | null;
}

@Injectable()
export class ListPointHistoryUseCase {
  constructor(private readonly history: PointHistoryRepository) {}

  /** Newest first. Keyset paging on the id: entries added meanwhile get larger ids, so later pages never shift. */
  async execute(query: ListPointHistoryQuery): Promise<PointHistoryPage> {
    const limit = query.limit ?? DEFAULT_HISTORY_LIMIT;
    const beforeId = query.cursor === undefined ? null : HistoryCursor.decode(query.cursor);
    // One row more than asked tells whether another page exists.
    const rows = await this.history.listNewestFirst(query.userId, limit + 1, beforeId);
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? HistoryCursor.encode(items[items.length - 1].id) : null;
    return { items, nextCursor };
  }
}
