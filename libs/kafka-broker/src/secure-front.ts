import { connect, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { SaslGate } from './sasl-gate.js';
import { SaslVerifier, type SaslCredentials } from './sasl-server.js';

/**
 * A secured front for the local broker, standing where a production broker's SASL_SSL listener
 * would: TLS (when given a certificate) and SASL (when given credentials) in front of the mock
 * brokers, which speak neither. Each mock broker advertises its front port, so bootstrap and
 * per-broker connections alike go through it. Off unless asked for.
 */
export interface SecureFrontOptions {
  /** PEM certificate chain and private key the front presents; plain TCP when absent. */
  tls?: { cert: string; key: string };
  /** Clients must log in (SaslHandshake v1 + SaslAuthenticate) as this user first; no SASL when absent. */
  sasl?: SaslCredentials;
}

const MAX_REFUSALS_KEPT = 100;

/** Listening fronts, one per broker, that forward to the brokers once `forwardTo` says where. */
export class SecureFront {
  private targets: { host: string; port: number }[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly refused: string[] = [];
  private verifier: SaslVerifier | undefined;

  private constructor(
    private readonly servers: Server[],
    options: SecureFrontOptions,
  ) {
    this.verifier = options.sasl ? new SaslVerifier(options.sasl) : undefined;
  }

  /** Listens on one random 127.0.0.1 port per broker. */
  static async listen(options: SecureFrontOptions, brokers: number): Promise<SecureFront> {
    const servers: Server[] = [];
    const front = new SecureFront(servers, options);
    for (let index = 0; index < brokers; index++) {
      const onConnection = (client: Socket) => front.accept(client, index);
      const server = options.tls
        ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, onConnection)
        : createTcpServer(onConnection);
      server.on('tlsClientError', (error, socket) => {
        front.noteRefusal(`TLS handshake failed: ${error.message}`);
        socket.destroy();
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return front;
  }

  /** The port each broker advertises, in broker order. */
  get ports(): number[] {
    return this.servers.map((server) => (server.address() as AddressInfo).port);
  }

  /** Why connections were closed before TLS or SASL let them through (newest last), as a broker would log. */
  get refusals(): readonly string[] {
    return this.refused;
  }

  /** Where broker 1, 2, ... really listen (`host:port`). */
  forwardTo(listening: readonly string[]): void {
    this.targets = listening.map((address) => {
      const colon = address.lastIndexOf(':');
      return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
    });
  }

  /** As an operator rotating the password: new logins need the new one, connections already in stay. */
  changeSaslPassword(password: string): void {
    if (!this.verifier) throw new Error('the front has no SASL to change the password of');
    this.verifier = this.verifier.withPassword(password);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  private accept(client: Socket, index: number): void {
    const target = this.targets[index];
    if (!target) {
      client.destroy();
      return;
    }
    const broker = connect(target.port, target.host);
    let gate: SaslGate | undefined;
    for (const socket of [client, broker]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined); // either side failing closes both, below
      socket.on('close', () => {
        this.sockets.delete(socket);
        broker.destroy();
        // A refused client is ended by the gate, which lets its answer get out first.
        if (!gate?.refused) client.destroy();
      });
    }
    client.setNoDelay(true);
    broker.setNoDelay(true);
    if (!this.verifier) {
      join(client, broker);
      return;
    }
    const fromClient = (chunk: Buffer) => guarded(() => gate?.fromClientData(chunk));
    const fromBroker = (chunk: Buffer) => guarded(() => gate?.fromBrokerData(chunk));
    const guarded = (handle: () => void) => {
      try {
        handle();
      } catch (error) {
        this.noteRefusal(`malformed Kafka frame: ${(error as Error).message}`);
        client.destroy();
      }
    };
    const open = (buffered: { fromClient: Buffer; fromBroker: Buffer }) => {
      client.off('data', fromClient);
      broker.off('data', fromBroker);
      if (buffered.fromClient.length > 0) broker.write(buffered.fromClient);
      if (buffered.fromBroker.length > 0) client.write(buffered.fromBroker);
      join(client, broker);
    };
    gate = new SaslGate(client, broker, this.verifier, (reason) => this.noteRefusal(reason), open);
    client.on('data', fromClient);
    broker.on('data', fromBroker);
  }

  private noteRefusal(reason: string): void {
    this.refused.push(reason);
    if (this.refused.length > MAX_REFUSALS_KEPT) this.refused.shift();
  }
}

/** Both directions streamed as they are, with back-pressure. */
function join(client: Socket, broker: Socket): void {
  client.pipe(broker);
  broker.pipe(client);
}
