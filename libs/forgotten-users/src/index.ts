export { ForgottenUsers } from './forgotten-users.js';
export { followForgottenUsers, type StartStopRegistry } from './follow-forgotten-users.js';
