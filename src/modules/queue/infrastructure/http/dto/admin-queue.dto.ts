import { IsBoolean, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { IsUserId } from '../../../../../shared/http/user-id.validator.js';

/** The largest active set an operator may set. */
export const MAX_ACTIVE_LIMIT = 1_000_000;

export class QueueOverviewDto {
  /**
   * WAITING tokens in the line.
   * @example 1234
   */
  waiting: number;
  /**
   * ACTIVE tokens now.
   * @example 100
   */
  active: number;
  /**
   * The active-set size in force: the operator's setting, or QUEUE_MAX_ACTIVE until one is made.
   * @example 100
   */
  maxActive: number;
  /**
   * True while admissions are paused (ACTIVE tokens go on; WAITING tokens keep their places).
   * @example false
   */
  paused: boolean;
  /**
   * Tokens admitted over the last 60 seconds.
   * @example 240
   */
  admittedLastMinute: number;
}

// ValidateIf rather than IsOptional: an explicit null is a wrong value (400), not an absent one.
export class ChangeQueueSettingsDto {
  /**
   * Most tokens ACTIVE at once, from 1 to 1,000,000; overrides QUEUE_MAX_ACTIVE on every instance from the next
   * admission tick, and across restarts. Lowering it below the active count expires nobody.
   * @example 200
   */
  @ValidateIf((body: ChangeQueueSettingsDto) => body.maxActive !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_ACTIVE_LIMIT)
  maxActive?: number;

  /**
   * true stops admissions (ACTIVE tokens go on, WAITING tokens keep their places and stay alive while they poll);
   * false resumes them.
   * @example true
   */
  @ValidateIf((body: ChangeQueueSettingsDto) => body.paused !== undefined)
  @IsBoolean()
  paused?: boolean;
}

export class UserIdParams {
  /**
   * The user whose live token to end (a UUID).
   * @example 3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41
   */
  @IsUserId()
  userId: string;
}

export class EndedTokenDto {
  /** @example 3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41 */
  userId: string;
  /** @example EXPIRED */
  status: 'EXPIRED';
}
