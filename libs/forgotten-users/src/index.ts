export { ForgottenUsers } from './forgotten-users.js';
export {
  followForgets,
  followForgottenUsers,
  type OnForget,
  type StartStopRegistry,
} from './follow-forgotten-users.js';
