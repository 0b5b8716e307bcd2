export { PreprocessorModule } from './preprocessor.module.js';
export { loadPreprocessorConfig, type PreprocessorConfig } from './config.js';
export { startPreprocessor } from './start-preprocessor.js';
