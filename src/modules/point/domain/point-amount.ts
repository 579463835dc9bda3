import { invalidPointAmount } from './point.errors.js';

/** The limits of the configuration: the largest single charge and the largest balance. */
export interface PointLimits {
  readonly maxCharge: number;
  readonly maxBalance: number;
}

/** A positive whole number of points (won) that a charge adds or a use takes. */
export class PointAmount {
  private constructor(readonly value: number) {}

  /** An amount to use: any positive integer. */
  static of(value: number): PointAmount {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw invalidPointAmount('amount must be a positive integer');
    }
    return new PointAmount(value);
  }

  /** An amount to charge: an integer from 1 to the largest single charge. */
  static toCharge(value: number, limits: PointLimits): PointAmount {
    if (!Number.isSafeInteger(value) || value < 1 || value > limits.maxCharge) {
      throw invalidPointAmount(`amount must be an integer from 1 to ${limits.maxCharge}`);
    }
    return new PointAmount(value);
  }
}
