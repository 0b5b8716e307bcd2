import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';

const KEPT_OUTPUT_CHARS = 1 << 20;

export interface ServiceProcessOptions {
  /** Repository root: the entry point is `services/<name>/dist/src/main.js` under it. */
  root: string;
  name: string;
  /** The child's whole environment; nothing is inherited. */
  env: Record<string, string>;
  nodeArgs?: string[];
  /** Runs this file instead of the service's entry point; it must log the same started line. */
  entryPoint?: string;
  /** How long to wait for the started line before killing the child. */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  killAfterMs?: number;
}

export interface ServiceProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  httpPort: number;
  /** Absent for services without a gRPC server. */
  grpcPort: number | undefined;
  /** stdout and stderr so far, the most recent megabyte of it. */
  output(): string;
  /** The exit code once stdout and stderr are closed; null when a signal ended the process. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it is still running after killAfterMs; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The process ended, or was killed for taking too long, before it logged that it started. */
export class ServiceStartError extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly output: string,
    reason: string,
  ) {
    super(`${reason}:\n${output.slice(-2000)}`);
    this.name = 'ServiceStartError';
  }
}

interface StartedLine {
  httpPort: number;
  grpcPort?: number;
}

function parseStartedLine(line: string, name: string): StartedLine | undefined {
  if (!line.includes(`"${name} started"`)) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; httpPort?: unknown; grpcPort?: unknown };
    if (entry.msg !== `${name} started` || typeof entry.httpPort !== 'number') return undefined;
    return { httpPort: entry.httpPort, grpcPort: typeof entry.grpcPort === 'number' ? entry.grpcPort : undefined };
  } catch {
    return undefined;
  }
}

/**
 * Runs a service's production entry point as its own process and resolves once it has
 * logged `<name> started` with its ports (so LOG_LEVEL must let info lines through).
 * Rejects with a ServiceStartError if it exits first or has not started within startTimeoutMs.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const { name, startTimeoutMs = 120_000, killAfterMs = 30_000 } = options;
  const entryPoint = options.entryPoint ?? path.join(options.root, 'services', name, 'dist', 'src', 'main.js');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entryPoint], {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killWithParent = () => child.kill('SIGKILL');
  process.once('exit', killWithParent);

  let output = '';
  const keep = (text: string) => {
    output += text;
    if (output.length > KEPT_OUTPUT_CHARS * 2) output = output.slice(-KEPT_OUTPUT_CHARS);
  };
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  void exited.then(() => process.off('exit', killWithParent));

  let partialLine = '';
  let startedLine: StartedLine | undefined;
  const started = new Promise<StartedLine>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ServiceStartError(null, output, `${name} did not start within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      keep(text);
      if (startedLine) return;
      const lines = (partialLine + text).split('\n');
      partialLine = lines.pop() ?? '';
      for (const line of lines) startedLine ??= parseStartedLine(line, name);
      if (!startedLine) return;
      clearTimeout(timer);
      resolve(startedLine);
    });
    child.stderr.on('data', keep);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new ServiceStartError(child.exitCode, output, `${name} could not be run: ${error.message}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new ServiceStartError(code, output, `${name} exited with ${code} before starting`));
    });
  });

  const { httpPort, grpcPort } = await started;
  return {
    child,
    httpPort,
    grpcPort,
    output: () => output.slice(-KEPT_OUTPUT_CHARS),
    exited,
    stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      return exited.finally(() => clearTimeout(timer));
    },
  };
}
