export { ValidationError } from './validation-error.js';
export { defaultEventLimits, type EventLimits } from './event-limits.js';
export { validateEvent, validateItem } from './validate-event.js';
