import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, NotEquals } from 'class-validator';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class IssueTokenBodyDto {
  /**
   * The user, as authenticated upstream: a UUID in its canonical 36-character form, any version, either case (kept
   * in lowercase). The nil and max UUIDs are refused.
   * @example 3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsString()
  @Matches(CANONICAL_UUID, { message: 'userId must be a UUID in its canonical 36-character form' })
  @NotEquals('00000000-0000-0000-0000-000000000000', { message: 'userId must not be the nil UUID' })
  @NotEquals('ffffffff-ffff-ffff-ffff-ffffffffffff', { message: 'userId must not be the max UUID' })
  userId: string;
}

export class QueueTicketDto {
  /**
   * Send it as X-Queue-Token.
   * @example v8Hq2mS0b6n1Yc3oXk7w0ZbqJv6d4rVt9sQe1uPz2aE
   */
  token: string;

  /** @example 3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41 */
  @ApiProperty({ format: 'uuid' })
  userId: string;

  /** @example WAITING */
  // The ticket's own type also knows EXPIRED, which a response never carries.
  @ApiProperty({ enum: ['WAITING', 'ACTIVE'] })
  status: string;

  /**
   * Live WAITING tokens ahead of this one, plus 1; 0 when ACTIVE.
   * @example 12
   */
  @ApiProperty({ type: 'integer', minimum: 0 })
  position: number;

  /**
   * ceil(position × S ÷ A), where A tokens were admitted over the last S seconds (the window starts at the first
   * admission of the last 5 minutes, and spans at least one activation interval). Before any admission has been
   * observed: ceil(position × QUEUE_ACTIVE_TTL_SECONDS ÷ QUEUE_MAX_ACTIVE). 0 when ACTIVE.
   * @example 30
   */
  @ApiProperty({ type: 'integer', minimum: 0 })
  estimatedWaitSeconds: number;

  /**
   * How long the client should wait before its next poll. WAITING: ceil(estimatedWaitSeconds ÷ 10) clamped to
   * 1 .. min(30, floor(QUEUE_WAITING_IDLE_SECONDS ÷ 3)), so a client that follows it is never dropped as idle.
   * 0 when ACTIVE.
   * @example 3
   */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 30 })
  pollAfterSeconds: number;

  /**
   * ACTIVE: when it stops being active (admission + QUEUE_ACTIVE_TTL_SECONDS). WAITING: when it is dropped unless
   * polled.
   * @example 2026-12-24T10:05:00.000Z
   */
  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}
