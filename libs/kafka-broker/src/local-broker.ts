import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CommandChannel } from './command-channel.js';
import { API_KEY, ERROR_CODE } from './kafka-frames.js';
import { SecureFront, type SecureFrontOptions } from './secure-front.js';

export interface TopicSpec {
  name: string;
  partitions: number;
}

export interface LocalBrokerOptions {
  /** Number of brokers in the cluster, numbered 1..N (default 3). */
  brokers?: number;
  /** Topics created before the bootstrap list is printed. */
  topics?: readonly TopicSpec[];
  /** Brokers listen on 127.0.0.1:portBase, portBase+1, ...; random ports when absent. */
  portBase?: number;
  /** The launcher executable; the one `make setup` builds when absent. */
  binaryPath?: string;
  /** How long to wait for the bootstrap list (default 60 s: a loaded 2-core box has taken over 10). */
  startTimeoutMs?: number;
  /**
   * TLS and/or SASL in front of the brokers (see SecureFront): the brokers then advertise the
   * front's ports, and `bootstrapServers` are the front's. Off when absent.
   */
  secureFront?: SecureFrontOptions;
}

/** A running local Kafka-protocol broker (librdkafka's mock cluster in a child process). */
export interface LocalBroker {
  readonly bootstrapServers: string[];
  readonly pid: number;
  /** Why the secured front closed connections before authentication (empty without SASL). */
  readonly frontRefusals: readonly string[];
  /** Changes the password the secured front's SASL wants from new logins on (throws without SASL). */
  changeSaslPassword(password: string): void;
  /**
   * Sends one launcher command (`topic <name> <partitions>`, `down <id>`, `up <id>`,
   * `rtt <id> <ms>`, `errors <apiKey> <errorCode> <count>`, `leader <topic> <partition> <id>`);
   * rejects with the launcher's reason when it answers `err`.
   */
  command(line: string): Promise<void>;
  /**
   * Refuses the next `count` produce requests (any topic) with NOT_LEADER_FOR_PARTITION, the retriable error a
   * producer sees while a partition's leader moves: each refused request is one failed send attempt.
   */
  refuseProduces(count: number): Promise<void>;
  /** Creates the topics that are missing (existing ones are left as they are). */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Called when the broker process ends without `stop()` having been called. */
  onUnexpectedExit(listener: (error: Error) => void): void;
  stop(): Promise<void>;
}

export const defaultLauncherPath = fileURLToPath(new URL('../../bin/mock-kafka-broker', import.meta.url));

const STDERR_TAIL_CHARS = 4000;
const KILL_AFTER_MS = 5000;

export async function startLocalBroker(options: LocalBrokerOptions = {}): Promise<LocalBroker> {
  const binaryPath = options.binaryPath ?? defaultLauncherPath;
  await assertExecutable(binaryPath);
  // Its own process group: a Ctrl-C in the terminal reaches the Node process only, which can
  // then drain its consumers before stopping the broker. It still exits when our stdin pipe
  // closes, so it never outlives this process.
  const front = options.secureFront && (await SecureFront.listen(options.secureFront, options.brokers ?? 3));
  const child = spawn(binaryPath, launcherArguments(options, front?.ports), {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const broker = new ChildProcessBroker(child, front);
  try {
    await broker.waitForBootstrap(options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await broker.stop();
    throw error;
  }
  return broker;
}

function launcherArguments(options: LocalBrokerOptions, advertisedPorts: number[] | undefined): string[] {
  const args = ['--brokers', String(options.brokers ?? 3)];
  for (const topic of options.topics ?? []) args.push('--topic', `${topic.name}:${topic.partitions}`);
  if (options.portBase !== undefined) args.push('--port-base', String(options.portBase));
  if (advertisedPorts) args.push('--advertise-ports', advertisedPorts.join(','));
  return args;
}

function addressList(line: string): string[] {
  return line
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function assertExecutable(path: string): Promise<void> {
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new Error(
      `local Kafka broker launcher not found at ${path}: run make setup (it builds it from libs/kafka-broker/native)`,
    );
  }
}

class ChildProcessBroker implements LocalBroker {
  bootstrapServers: string[] = [];
  private readonly channel: CommandChannel;
  private readonly exitListeners: ((error: Error) => void)[] = [];
  private readonly exited: Promise<void>;
  private stderrTail = '';
  private bootstrapLine: ((line: string) => void) | undefined;
  private stopping = false;
  private hasExited = false;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly front: SecureFront | undefined,
  ) {
    this.channel = new CommandChannel(child.stdin);
    child.stdin.on('error', () => undefined); // a closed pipe shows up as the exit below
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.bootstrapLine) {
        const deliver = this.bootstrapLine;
        this.bootstrapLine = undefined;
        deliver(line);
      } else {
        this.channel.answer(line);
      }
    });
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        this.onExit(new Error(`local Kafka broker failed: ${error.message}`));
        resolve();
      });
      child.on('close', (code, signal) => {
        this.onExit(new Error(`local Kafka broker exited (code ${code}, signal ${signal})${this.stderrSuffix()}`));
        resolve();
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get frontRefusals(): readonly string[] {
    return this.front?.refusals ?? [];
  }

  changeSaslPassword(password: string): void {
    if (!this.front) throw new Error('the local broker has no secured front');
    this.front.changeSaslPassword(password);
  }

  waitForBootstrap(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`local Kafka broker printed no bootstrap list within ${timeoutMs} ms${this.stderrSuffix()}`),
          ),
        timeoutMs,
      );
      this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`local Kafka broker exited before it started${this.stderrSuffix()}`));
      });
      const listeningLine = (line: string) => {
        clearTimeout(timer);
        const listening = addressList(line.replace(/^listening /, ''));
        if (!line.startsWith('listening ') || listening.length !== this.bootstrapServers.length) {
          reject(new Error(`local Kafka broker printed no listening ports for its front: ${JSON.stringify(line)}`));
          return;
        }
        this.front?.forwardTo(listening);
        resolve();
      };
      this.bootstrapLine = (line) => {
        this.bootstrapServers = addressList(line);
        if (this.bootstrapServers.length === 0) {
          clearTimeout(timer);
          reject(new Error(`local Kafka broker printed an empty bootstrap list`));
        } else if (this.front) {
          this.bootstrapLine = listeningLine;
        } else {
          clearTimeout(timer);
          resolve();
        }
      };
    });
  }

  command(line: string): Promise<void> {
    return this.channel.send(line);
  }

  refuseProduces(count: number): Promise<void> {
    return this.command(`errors ${API_KEY.Produce} ${ERROR_CODE.NOT_LEADER_FOR_PARTITION} ${count}`);
  }

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (const topic of topics) await this.command(`topic ${topic.name} ${topic.partitions}`);
  }

  onUnexpectedExit(listener: (error: Error) => void): void {
    this.exitListeners.push(listener);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.front?.close();
    if (this.hasExited) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), KILL_AFTER_MS);
    await this.exited;
    clearTimeout(killer);
  }

  private onExit(error: Error): void {
    if (this.hasExited) return;
    this.hasExited = true;
    this.channel.close(error);
    if (this.stopping) return;
    for (const listener of this.exitListeners) listener(error);
  }

  private stderrSuffix(): string {
    const tail = this.stderrTail.trim();
    return tail ? `: ${tail}` : '';
  }
}
