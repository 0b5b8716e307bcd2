export { PSEUDONYM_PATTERN, PseudonymKey, Pseudonymizer } from './pseudonymizer.js';
export { type PseudonymKeySource, resolvePseudonymKey } from './pseudonym-key-source.js';
