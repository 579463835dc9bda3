export {
  CurrentCaller,
  Public,
  QUEUE_TOKEN_HEADER,
  QUEUE_TOKEN_SECURITY,
  type QueueCaller,
  RequireActiveToken,
  RequireLiveToken,
} from './infrastructure/http/queue-auth.decorators.js';
export { QueueModule } from './queue.module.js';
