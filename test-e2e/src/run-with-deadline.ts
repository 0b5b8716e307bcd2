import { spawn } from 'node:child_process';

/**
 * Runs `command` (its output on this process's) until it exits 0. Past `timeoutMs` it is sent SIGTERM, then
 * SIGKILL after `graceMs` if it has not exited; the promise rejects once it has exited, or when it cannot start.
 */
export function runWithDeadline(command: string, args: string[], timeoutMs: number, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    let late = false;
    let kill: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      late = true;
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    }, timeoutMs);
    const settle = (error: Error | undefined) => {
      clearTimeout(deadline);
      clearTimeout(kill);
      if (error) reject(error);
      else resolve();
    };
    child.once('error', settle);
    child.once('exit', (exitCode, signal) => {
      const how = `${exitCode ?? signal}`;
      if (late) settle(new Error(`${command} ran over ${timeoutMs} ms; stopped (${how})`));
      else settle(exitCode === 0 ? undefined : new Error(`${command} failed (${how})`));
    });
  });
}
