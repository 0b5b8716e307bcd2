import { spawn } from 'node:child_process';

/**
 * Runs `command` (its output on this process's) until it exits 0. Past `timeoutMs`, or once `signal` aborts, it is
 * sent SIGTERM, then SIGKILL after `graceMs` if it has not exited; the promise rejects once it has exited, or when
 * it cannot start.
 */
export function runWithDeadline(
  command: string,
  args: string[],
  timeoutMs: number,
  graceMs: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    let stoppedBecause: string | undefined;
    let kill: NodeJS.Timeout | undefined;
    const stop = (reason: string) => {
      if (stoppedBecause !== undefined) return;
      stoppedBecause = reason;
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    };
    const deadline = setTimeout(() => stop(`ran over ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => stop('was aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    const settle = (error: Error | undefined) => {
      clearTimeout(deadline);
      clearTimeout(kill);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    child.once('error', settle);
    child.once('exit', (exitCode, exitSignal) => {
      const how = `${exitCode ?? exitSignal}`;
      if (stoppedBecause !== undefined) settle(new Error(`${command} ${stoppedBecause}; stopped (${how})`));
      else settle(exitCode === 0 ? undefined : new Error(`${command} failed (${how})`));
    });
  });
}
