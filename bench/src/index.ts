export { printBench, progress } from './report.js';
