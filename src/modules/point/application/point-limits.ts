import type { AppConfig } from '../../../config/app-config.js';
import type { PointLimits } from '../domain/point-amount.js';

export const pointLimitsOf = (config: AppConfig): PointLimits => ({
  maxCharge: config.point.maxCharge,
  maxBalance: config.point.maxBalance,
});
