import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Matches, NotEquals } from 'class-validator';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A user id as the upstream login gives it: a UUID (any version) in its canonical 36-character form, letters in
 * either case, kept in lowercase (the same user whatever the case). The nil and max UUIDs are refused.
 */
export function IsUserId() {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value)),
    IsString(),
    Matches(CANONICAL_UUID, { message: 'userId must be a UUID in its canonical 36-character form' }),
    NotEquals('00000000-0000-0000-0000-000000000000', { message: 'userId must not be the nil UUID' }),
    NotEquals('ffffffff-ffff-ffff-ffff-ffffffffffff', { message: 'userId must not be the max UUID' }),
  );
}
