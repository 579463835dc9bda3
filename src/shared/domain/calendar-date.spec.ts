import { isCalendarDate, utcDay } from './calendar-date.js';

describe('calendar dates', () => {
  it.each(['2026-12-24', '2028-02-29', '2026-01-01'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '2026-1-1', '20261224', 'x', '2026-12-24T00:00:00Z'])(
    'refuses %s',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
    },
  );

  it('takes the UTC day of an instant', () => {
    expect(utcDay(new Date('2026-12-24T23:59:59.999Z'))).toBe('2026-12-24');
    expect(utcDay(new Date('2026-12-24T23:59:59.999-01:00'))).toBe('2026-12-25');
  });
});
