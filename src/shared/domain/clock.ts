/** The source of "now". Injected everywhere so tests move time instead of sleeping. */
export abstract class Clock {
  abstract now(): Date;
}
