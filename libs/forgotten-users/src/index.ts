export { ForgottenUsers } from './forgotten-users.js';
export { type FollowedForgottenUsers, followForgottenUsers } from './follow-forgotten-users.js';
