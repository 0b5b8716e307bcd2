export { runCli, usage, type CliIo } from './run-cli.js';
export { commands, type Command } from './commands.js';
export { runImport, importUsage } from './import.js';
export { readImportFile, derivedEventId, splitCsvLine, isGzip, type ImportRecord } from './import-file.js';
export { runKeys, keysUsage } from './keys.js';
