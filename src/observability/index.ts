// Only the service other modules' infrastructure calls; AppModule imports the module file directly.
export { Metrics, type QueueSizes, type QueueSizeSource } from './metrics.js';
