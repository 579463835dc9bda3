import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, NotEquals } from 'class-validator';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class IssueTokenBodyDto {
  @ApiProperty({
    example: '3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41',
    description:
      'The user, as authenticated upstream: a UUID in its canonical 36-character form, any version, either case (kept in lowercase). The nil and max UUIDs are refused.',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsString()
  @Matches(CANONICAL_UUID, { message: 'userId must be a UUID in its canonical 36-character form' })
  @NotEquals('00000000-0000-0000-0000-000000000000', { message: 'userId must not be the nil UUID' })
  @NotEquals('ffffffff-ffff-ffff-ffff-ffffffffffff', { message: 'userId must not be the max UUID' })
  userId: string;
}

export class QueueTicketDto {
  @ApiProperty({ example: 'v8Hq2mS0b6n1Yc3oXk7w0ZbqJv6d4rVt9sQe1uPz2aE', description: 'Send it as X-Queue-Token' })
  token: string;

  @ApiProperty({ example: '3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41' })
  userId: string;

  @ApiProperty({ enum: ['WAITING', 'ACTIVE'], example: 'WAITING' })
  status: string;

  @ApiProperty({ example: 12, description: 'Live WAITING tokens ahead of this one, plus 1; 0 when ACTIVE' })
  position: number;

  @ApiProperty({
    example: 30,
    description:
      'ceil(position × S ÷ A), where A tokens were admitted over the last S seconds (the window starts at the first admission of the last 5 minutes, and spans at least one activation interval). Before any admission has been observed: ceil(position × QUEUE_ACTIVE_TTL_SECONDS ÷ QUEUE_MAX_ACTIVE). 0 when ACTIVE.',
  })
  estimatedWaitSeconds: number;

  @ApiProperty({
    example: '2026-12-24T10:05:00.000Z',
    description:
      'ACTIVE: when it stops being active (admission + QUEUE_ACTIVE_TTL_SECONDS). WAITING: when it is dropped unless polled.',
  })
  expiresAt: string;
}
