export { FeedbackModule } from './feedback.module.js';
export { loadFeedbackConfig, type FeedbackConfig } from './config.js';
export { startFeedback } from './start-feedback.js';
/** The use cases behind the gRPC face, so the e2e test can run one check at a chosen moment (app.get). */
export { FeedbackService } from './domain/feedback-service.js';
