import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { IntFromString } from '../../../../../shared/http/int-param.js';
import { DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT } from '../../../application/list-point-history.use-case.js';

const ENTRY_TYPES = ['CHARGE', 'USE'] as const;

export class ChargePointsDto {
  /**
   * Won to add: a JSON integer from 1 to POINT_MAX_CHARGE (default 1,000,000).
   * @example 50000
   */
  // The upper bound (POINT_MAX_CHARGE) is configuration, checked by the use case with the same 400.
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  amount: number;
}

export class PointHistoryQueryDto {
  /** Entries per page. */
  @ApiProperty({ default: DEFAULT_HISTORY_LIMIT })
  @IntFromString({ min: 1, max: MAX_HISTORY_LIMIT })
  @IsOptional()
  limit?: number;

  /** The nextCursor of the previous page, as returned (e.g. aDE6NDI); leave it out for the first (newest) page. */
  // No example: "Try it out" would send it, and the first page is asked for without a cursor.
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor this API returned' })
  cursor?: string;
}

export class PointBalanceDto {
  /** @example 3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41 */
  @ApiProperty({ format: 'uuid' })
  userId: string;

  /**
   * Won; 0 for a user who never charged.
   * @example 150000
   */
  @ApiProperty({ type: 'integer', minimum: 0 })
  balance: number;
}

export class PointHistoryItemDto {
  /** @example CHARGE */
  @ApiProperty({ enum: ENTRY_TYPES })
  type: (typeof ENTRY_TYPES)[number];

  /**
   * Always positive; a USE lowers the balance by it.
   * @example 50000
   */
  @ApiProperty({ type: 'integer', minimum: 1 })
  amount: number;

  /**
   * The balance right after this entry.
   * @example 150000
   */
  @ApiProperty({ type: 'integer', minimum: 0 })
  balanceAfter: number;

  /** @example 2026-12-24T10:00:00.000Z */
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class PointHistoryPageDto {
  /** Newest first. */
  @ApiProperty({ type: [PointHistoryItemDto] })
  items: PointHistoryItemDto[];

  /**
   * Pass as ?cursor= for the next (older) page; null when there is none.
   * @example aDE6NDI
   */
  nextCursor: string | null;
}
