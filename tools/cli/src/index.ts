export { runCli, usage, type CliIo } from './run-cli.js';
export { commands, type Command } from './commands.js';
