import { runBackfill } from './backfill.js';
import { runImport } from './import.js';
import { runKeys } from './keys.js';
import { runCli } from './run-cli.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  readStdin,
};
const [first, ...rest] = process.argv.slice(2);
// backfill talks to the analytics store directly (see backfill.ts); every other command is one gRPC call.
// import streams a file into the collector (see import.ts); keys manages the API key store (see keys.ts).
process.exitCode =
  first === 'backfill'
    ? await runBackfill(rest, io)
    : first === 'import'
      ? await runImport(rest, io)
      : first === 'keys'
        ? await runKeys(rest, io)
        : await runCli(process.argv.slice(2), io);
