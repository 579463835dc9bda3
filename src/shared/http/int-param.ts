import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_ID = 2_147_483_647;

/** A positive integer taken from a path or query string: digits only ("1.5", "1e3", " 7" are refused). */
export function IntFromString(options: { min?: number; max?: number; example?: number; description?: string } = {}) {
  const min = options.min ?? 1;
  const max = options.max ?? MAX_ID;
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      minimum: min,
      maximum: max,
      example: options.example,
      description: options.description,
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value,
    ),
    IsInt(),
    Min(min),
    Max(max),
  );
}
