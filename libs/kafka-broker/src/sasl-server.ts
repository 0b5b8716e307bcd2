import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export const SASL_MECHANISMS: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

/** The one user the front lets in, and the mechanisms it offers (default: all three). */
export interface SaslCredentials {
  username: string;
  password: string;
  mechanisms?: readonly SaslMechanism[];
}

/** One step of a SASL exchange: bytes for the client, and whether the client is now authenticated. */
export type SaslStep = { ok: true; reply: Buffer; done: boolean } | { ok: false; message: string };

/** The server side of one client's SASL exchange (one per connection). */
export interface SaslExchange {
  step(clientBytes: Buffer): SaslStep;
}

const SCRAM_ITERATIONS = 4096; // kafkajs refuses fewer

/** Kafka's own wording for a refused login; it names no user and no password. */
export function invalidCredentials(mechanism: SaslMechanism): string {
  return `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`;
}

function sameSecret(given: Buffer, expected: Buffer): boolean {
  const digest = (value: Buffer) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Checks a login against the configured credentials; builds the exchange for each connection. */
export class SaslVerifier {
  private readonly scram = new Map<SaslMechanism, ScramKeys>();

  constructor(private readonly credentials: SaslCredentials) {
    for (const mechanism of this.mechanisms) {
      if (mechanism !== 'PLAIN') this.scram.set(mechanism, scramKeys(mechanism, credentials.password));
    }
  }

  withPassword(password: string): SaslVerifier {
    return new SaslVerifier({ ...this.credentials, password });
  }

  get mechanisms(): readonly SaslMechanism[] {
    return this.credentials.mechanisms ?? SASL_MECHANISMS;
  }

  exchange(mechanism: SaslMechanism): SaslExchange {
    if (mechanism === 'PLAIN') return { step: (bytes) => this.plain(bytes) };
    const keys = this.scram.get(mechanism);
    if (!keys) throw new Error(`SASL mechanism ${mechanism} is not enabled`);
    return new ScramExchange(mechanism, this.credentials.username, keys);
  }

  /** RFC 4616: `authzid NUL authcid NUL passwd`. */
  private plain(bytes: Buffer): SaslStep {
    const [authorizationId, username, password, ...extra] = bytes.toString('utf8').split('\u0000');
    const valid =
      extra.length === 0 &&
      password !== undefined &&
      (authorizationId === '' || authorizationId === username) &&
      username === this.credentials.username &&
      sameSecret(Buffer.from(password), Buffer.from(this.credentials.password));
    return valid
      ? { ok: true, reply: Buffer.alloc(0), done: true }
      : { ok: false, message: invalidCredentials('PLAIN') };
  }
}

interface ScramKeys {
  hash: 'sha256' | 'sha512';
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

function hmac(hash: ScramKeys['hash'], key: Buffer, text: string): Buffer {
  return createHmac(hash, key).update(text).digest();
}

function scramKeys(mechanism: Exclude<SaslMechanism, 'PLAIN'>, password: string): ScramKeys {
  const hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, hash === 'sha256' ? 32 : 64, hash);
  return {
    hash,
    salt,
    storedKey: createHash(hash)
      .update(hmac(hash, salted, 'Client Key'))
      .digest(),
    serverKey: hmac(hash, salted, 'Server Key'),
  };
}

/** `a=1,b=2` into its attributes (values may hold `=`). */
function attributes(message: string): Map<string, string> {
  return new Map(message.split(',').map((part) => [part.slice(0, 1), part.slice(2)]));
}

/** A SCRAM `saslname` decoded (`=2C` is a comma, `=3D` an equals sign). */
function saslName(encoded: string): string {
  return encoded.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

/** RFC 5802 / 7677 server: client-first → server-first, client-final → server-final. */
class ScramExchange implements SaslExchange {
  private expect: 'first' | 'final' | 'done' = 'first';
  private clientFirstBare = '';
  private serverFirst = '';
  private gs2Header = '';
  private nonce = '';

  constructor(
    private readonly mechanism: SaslMechanism,
    private readonly username: string,
    private readonly keys: ScramKeys,
  ) {}

  step(bytes: Buffer): SaslStep {
    const message = bytes.toString('utf8');
    if (this.expect === 'first') return this.first(message);
    if (this.expect === 'final') return this.final(message);
    return { ok: false, message: `${this.mechanism} exchange already complete` };
  }

  private first(message: string): SaslStep {
    const match = /^([ny]),(a=[^,]*)?,(.*)$/.exec(message);
    const bare = match?.[3] ?? '';
    const fields = attributes(bare);
    const user = saslName(fields.get('n') ?? '');
    const authorizationId = match?.[2] === undefined ? undefined : saslName(match[2].slice(2));
    const clientNonce = fields.get('r');
    // `m=` opens a bare message only for a mandatory extension, which this server does not support.
    if (!match || bare.startsWith('m=') || !clientNonce || user !== this.username) return this.refused();
    if (authorizationId !== undefined && authorizationId !== user) return this.refused();
    this.gs2Header = `${match[1]},${match[2] ?? ''},`;
    this.clientFirstBare = bare;
    this.nonce = clientNonce + randomBytes(18).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.keys.salt.toString('base64')},i=${SCRAM_ITERATIONS}`;
    this.expect = 'final';
    return { ok: true, reply: Buffer.from(this.serverFirst), done: false };
  }

  private final(message: string): SaslStep {
    this.expect = 'done';
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) return this.refused();
    const withoutProof = message.slice(0, proofAt);
    const fields = attributes(withoutProof);
    if (fields.get('r') !== this.nonce || fields.get('c') !== Buffer.from(this.gs2Header).toString('base64'))
      return this.refused();
    const { hash, storedKey, serverKey } = this.keys;
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(hash, storedKey, authMessage);
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    if (proof.length !== clientSignature.length) return this.refused();
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (clientSignature[i] ?? 0)));
    if (!timingSafeEqual(createHash(hash).update(clientKey).digest(), storedKey)) return this.refused();
    const serverSignature = hmac(hash, serverKey, authMessage).toString('base64');
    return { ok: true, reply: Buffer.from(`v=${serverSignature}`), done: true };
  }

  private refused(): SaslStep {
    this.expect = 'done';
    return { ok: false, message: invalidCredentials(this.mechanism) };
  }
}
