import { applyDecorators } from '@nestjs/common';
import {
  Matches,
  Validate,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isCalendarDate } from '../domain/calendar-date.js';

@ValidatorConstraint({ name: 'calendarDate' })
class CalendarDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isCalendarDate(value);
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a calendar date written as YYYY-MM-DD`;
  }
}

/** A real calendar day written as YYYY-MM-DD (2026-02-30 is refused), in a path, query or body. */
export function IsCalendarDate() {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be written as YYYY-MM-DD' }),
    Validate(CalendarDateConstraint),
  );
}
