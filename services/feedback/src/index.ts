export { FeedbackModule } from './feedback.module.js';
export { loadFeedbackConfig, type FeedbackConfig } from './config.js';
export { startFeedback } from './start-feedback.js';
