import type { Writable } from 'node:stream';

interface PendingCommand {
  line: string;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The launcher's stdin/stdout line protocol: every command line gets exactly one answer
 * line, `ok` or `err <why>`, in order, so answers are matched to commands first-in first-out.
 */
export class CommandChannel {
  private readonly pending: PendingCommand[] = [];
  private closedBecause: Error | undefined;

  constructor(private readonly input: Writable) {}

  send(line: string): Promise<void> {
    if (/[\r\n]/.test(line))
      return Promise.reject(new Error(`local broker command must be one line: ${JSON.stringify(line)}`));
    if (this.closedBecause) return Promise.reject(this.closedBecause);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.input.write(`${line}\n`);
    });
  }

  /** Feeds one answer line read from the launcher. */
  answer(line: string): void {
    const command = this.pending.shift();
    if (!command) return;
    if (line === 'ok') command.resolve();
    else command.reject(new Error(`local broker command "${command.line}" failed: ${line.replace(/^err /, '')}`));
  }

  /** Rejects every unanswered command and all later ones. */
  close(reason: Error): void {
    this.closedBecause ??= reason;
    for (const command of this.pending.splice(0)) command.reject(reason);
  }
}
