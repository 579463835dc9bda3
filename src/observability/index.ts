// Only the service other modules' infrastructure calls; AppModule imports the module file directly.
export { Metrics, type QueueGauges, type QueueGaugeSource } from './metrics.js';
