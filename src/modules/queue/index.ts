export { QueueModule } from './queue.module.js';
export { QueueFacade } from './application/queue.facade.js';
export {
  TokenReplayRegistry,
  type ReplayCandidate,
  type TokenReplayPolicy,
} from './application/token-replay-policy.js';
export {
  AllowPaidTokenReplay,
  CurrentCaller,
  Public,
  QUEUE_TOKEN_HEADER,
  QUEUE_TOKEN_SECURITY,
  type QueueCaller,
  RequireActiveToken,
  RequireLiveToken,
} from './infrastructure/http/queue-auth.decorators.js';
