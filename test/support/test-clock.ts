import { Clock } from '../../src/shared/domain/clock.js';

/** Real time plus an offset that tests move forward, so timers and the database agree on "now". */
export class TestClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }
}

/** A clock that stands still until a test moves it: exact boundaries for unit specs. */
export class ManualClock extends Clock {
  constructor(private ms = Date.parse('2026-12-01T10:00:00.000Z')) {
    super();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
