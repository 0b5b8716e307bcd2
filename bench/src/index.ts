export { printBench, printEval, progress } from './report.js';
