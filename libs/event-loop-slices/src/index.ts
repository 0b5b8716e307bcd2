export { DEFAULT_SLICE_MS, EventLoopSlices } from './event-loop-slices.js';
