import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { IntFromString } from '../../../../../shared/http/int-param.js';
import { DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT } from '../../../application/list-point-history.use-case.js';

export class ChargePointsDto {
  // The upper bound (POINT_MAX_CHARGE) is configuration, checked by the use case with the same 400.
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 50000,
    description: 'Won to add: a JSON integer from 1 to POINT_MAX_CHARGE (default 1,000,000)',
  })
  @IsInt()
  @Min(1)
  amount: number;
}

export class PointHistoryQueryDto {
  @ApiPropertyOptional({ default: DEFAULT_HISTORY_LIMIT })
  @IntFromString({ min: 1, max: MAX_HISTORY_LIMIT, example: 20, description: 'Entries per page (default 20)' })
  @IsOptional()
  limit?: number;

  @ApiPropertyOptional({
    example: 'aDE6NDI',
    description: 'The nextCursor of the previous page, as returned',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor this API returned' })
  cursor?: string;
}

export class PointBalanceDto {
  @ApiProperty({ example: '0b7c6f1e-8a4d-4c1e-9a55-2d0c3f4e5a6b' })
  userId: string;

  @ApiProperty({ type: 'integer', example: 150000, description: 'Won; 0 for a user who never charged' })
  balance: number;
}

export class PointHistoryItemDto {
  @ApiProperty({ enum: ['CHARGE', 'USE'], example: 'CHARGE' })
  type: 'CHARGE' | 'USE';

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 50000,
    description: 'Always positive; a USE lowers the balance by it',
  })
  amount: number;

  @ApiProperty({ type: 'integer', example: 150000, description: 'The balance right after this entry' })
  balanceAfter: number;

  @ApiProperty({ example: '2026-12-24T10:00:00.000Z' })
  createdAt: string;
}

export class PointHistoryPageDto {
  @ApiProperty({ type: [PointHistoryItemDto], description: 'Newest first' })
  items: PointHistoryItemDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'aDE6NDI',
    description: 'Pass as ?cursor= for the next (older) page; null when there is none',
  })
  nextCursor: string | null;
}
