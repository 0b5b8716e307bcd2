import type { CliIo } from './run-cli.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io: CliIo = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  readStdin,
};
const [first, ...rest] = process.argv.slice(2);
// backfill talks to the analytics store directly (see backfill.ts); every other command is one gRPC call.
// import streams a file into the collector (see import.ts); keys manages the API key store (see keys.ts).
// Each loads only its own module: backfill's graph (the aggregator, the analytics store, Nest) alone took
// ≈ 0.8 s of CPU to load, paid by every `import` and every one-call command.
process.exitCode =
  first === 'backfill'
    ? await (await import('./backfill.js')).runBackfill(rest, io)
    : first === 'import'
      ? await (await import('./import.js')).runImport(rest, io)
      : first === 'keys'
        ? await (await import('./keys.js')).runKeys(rest, io)
        : await (await import('./run-cli.js')).runCli(process.argv.slice(2), io);
