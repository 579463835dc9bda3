export { QueueModule } from './queue.module.js';
export { QueueAdminModule } from './queue-admin.module.js';
export { QueueFacade } from './application/queue.facade.js';
export {
  TokenReplayRegistry,
  type ReplayCandidate,
  type TokenReplayPolicy,
} from './application/token-replay-policy.js';
/** The errors this module answers with; the API document's examples are made with them. */
export * as queueErrors from './domain/queue.errors.js';
