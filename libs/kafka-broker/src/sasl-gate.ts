import type { Duplex } from 'node:stream';
import {
  API_KEY,
  ERROR_CODE,
  FrameReader,
  frame,
  int16,
  int32,
  isServedSaslVersion,
  kafkaBytes,
  kafkaString,
  readBytes,
  readString,
  requestHeader,
  response,
  withSaslApiVersions,
  type RequestHeader,
} from './kafka-frames.js';
import type { SaslExchange, SaslMechanism, SaslVerifier } from './sasl-server.js';

const REFUSED_CLIENT_LINGER_MS = 1000;

/**
 * One client connection behind SASL, as a broker with `sasl.enabled.mechanisms` treats it: before
 * the client has authenticated only ApiVersions (answered by the broker, with the SASL APIs added),
 * SaslHandshake and SaslAuthenticate (answered here) are allowed; anything else, a failed login or
 * a SASL step out of order closes the connection. After it, every request goes to the broker.
 */
export class SaslGate {
  private readonly fromClient = new FrameReader();
  private readonly fromBroker = new FrameReader();
  /** ApiVersions requests forwarded and not yet answered: correlation id → request version. */
  private readonly apiVersionsAsked = new Map<number, number>();
  private mechanism: SaslMechanism | undefined;
  private exchange: SaslExchange | undefined;
  private authenticated = false;
  private closed = false;
  private opened = false;

  constructor(
    private readonly client: Duplex,
    private readonly broker: Duplex,
    private readonly verifier: SaslVerifier,
    private readonly onRefused: (reason: string) => void,
    /**
     * Called once the client has logged in and no ApiVersions answer is awaited: from then on the
     * gate has nothing left to do (session lifetime 0, no re-authentication), so the caller stops
     * feeding it, writes on the bytes it had buffered and joins the two streams.
     */
    private readonly onOpen?: (buffered: { fromClient: Buffer; fromBroker: Buffer }) => void,
  ) {}

  /** Whether the gate refused the connection (its answer may still be on its way to the client). */
  get refused(): boolean {
    return this.closed;
  }

  fromClientData(chunk: Buffer): void {
    if (this.closed) return;
    for (const request of this.fromClient.push(chunk)) {
      this.onRequest(request);
      if (this.closed) return;
    }
    this.openOnceDone();
  }

  fromBrokerData(chunk: Buffer): void {
    for (const answer of this.fromBroker.push(chunk)) {
      const correlationId = answer.readInt32BE(0);
      const version = this.apiVersionsAsked.get(correlationId);
      if (version === undefined) {
        this.client.write(frame(answer));
      } else {
        this.apiVersionsAsked.delete(correlationId);
        this.client.write(response(correlationId, withSaslApiVersions(answer.subarray(4), version)));
      }
    }
    this.openOnceDone();
  }

  private openOnceDone(): void {
    if (!this.onOpen || this.opened || this.closed || !this.authenticated || this.apiVersionsAsked.size > 0) return;
    this.opened = true;
    this.onOpen({ fromClient: this.fromClient.drain(), fromBroker: this.fromBroker.drain() });
  }

  private onRequest(request: Buffer): void {
    const header = requestHeader(request);
    if (header.apiKey === API_KEY.ApiVersions) this.apiVersionsAsked.set(header.correlationId, header.apiVersion);
    if (header.apiKey === API_KEY.ApiVersions || this.authenticated) {
      this.broker.write(frame(request));
    } else if (header.apiKey === API_KEY.SaslHandshake) {
      this.handshake(header, request);
    } else if (header.apiKey === API_KEY.SaslAuthenticate) {
      this.authenticate(header, request);
    } else {
      this.refuse(`request with api key ${header.apiKey} before SASL authentication`);
    }
  }

  private handshake(header: RequestHeader, request: Buffer): void {
    const enabled = this.verifier.mechanisms;
    const answer = (errorCode: number) =>
      this.client.write(
        response(
          header.correlationId,
          Buffer.concat([int16(errorCode), int32(enabled.length), ...enabled.map((m) => kafkaString(m))]),
        ),
      );
    if (!isServedSaslVersion(API_KEY.SaslHandshake, header.apiVersion)) {
      answer(ERROR_CODE.UNSUPPORTED_VERSION);
      return this.refuse(`SaslHandshake v${header.apiVersion} (only v1, with SaslAuthenticate, is served)`);
    }
    if (this.mechanism) {
      answer(ERROR_CODE.ILLEGAL_SASL_STATE);
      return this.refuse('a second SaslHandshake');
    }
    const requested = readString(request, header.bodyOffset).value;
    const mechanism = enabled.find((m) => m === requested);
    if (!mechanism) {
      answer(ERROR_CODE.UNSUPPORTED_SASL_MECHANISM);
      return this.refuse(`SASL mechanism ${JSON.stringify(requested)} is not enabled`);
    }
    this.mechanism = mechanism;
    this.exchange = this.verifier.exchange(mechanism);
    answer(0);
  }

  private authenticate(header: RequestHeader, request: Buffer): void {
    const answer = (errorCode: number, message: string | null, bytes: Buffer) =>
      this.client.write(
        response(
          header.correlationId,
          Buffer.concat([
            int16(errorCode),
            kafkaString(message),
            kafkaBytes(bytes),
            ...(header.apiVersion >= 1 ? [Buffer.alloc(8)] : []), // session_lifetime_ms 0: no expiry
          ]),
        ),
      );
    if (!isServedSaslVersion(API_KEY.SaslAuthenticate, header.apiVersion)) {
      answer(ERROR_CODE.UNSUPPORTED_VERSION, 'unsupported SaslAuthenticate version', Buffer.alloc(0));
      return this.refuse(`SaslAuthenticate v${header.apiVersion} (only v0 and v1 are served)`);
    }
    if (!this.exchange) {
      answer(ERROR_CODE.ILLEGAL_SASL_STATE, 'SaslAuthenticate before SaslHandshake', Buffer.alloc(0));
      return this.refuse('SaslAuthenticate before SaslHandshake');
    }
    const step = this.exchange.step(readBytes(request, header.bodyOffset));
    if (!step.ok) {
      answer(ERROR_CODE.SASL_AUTHENTICATION_FAILED, step.message, Buffer.alloc(0));
      return this.refuse(`${this.mechanism} login refused`);
    }
    answer(0, null, step.reply);
    this.authenticated = step.done;
  }

  /** Closes the connection once what was written to the client (a refusal's answer) is sent. */
  private refuse(reason: string): void {
    this.closed = true;
    this.onRefused(reason);
    this.broker.destroy();
    this.client.end();
    setTimeout(() => this.client.destroy(), REFUSED_CLIENT_LINGER_MS).unref();
  }
}
