export { QueueModule } from './queue.module.js';
export { QueueFacade } from './application/queue.facade.js';
export {
  TokenReplayRegistry,
  type ReplayCandidate,
  type TokenReplayPolicy,
} from './application/token-replay-policy.js';
