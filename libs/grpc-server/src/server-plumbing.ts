import { readFileSync } from 'node:fs';
import { type Server, ServerCredentials } from '@grpc/grpc-js';

/** TLS with this certificate; with `clientCa` too, clients must present a certificate it signed (mTLS). */
export interface ServerTls {
  certChain: Buffer;
  privateKey: Buffer;
  clientCa?: Buffer;
}

/** Where a server's TLS certificate, key and (for mTLS) client CA are (the config's GRPC_TLS_* files). */
export interface ServerTlsFiles {
  certFile: string;
  keyFile: string;
  clientCaFile?: string;
}

export function readServerTls(files: ServerTlsFiles): ServerTls {
  return {
    certChain: readFileSync(files.certFile),
    privateKey: readFileSync(files.keyFile),
    ...(files.clientCaFile ? { clientCa: readFileSync(files.clientCaFile) } : {}),
  };
}

/** Insecure without `tls`. */
export function serverCredentials(tls: ServerTls | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    tls.clientCa ?? null,
    [{ cert_chain: tls.certChain, private_key: tls.privateKey }],
    tls.clientCa !== undefined,
  );
}

/** Lets calls in flight finish for the grace time, then cancels the rest. */
export async function shutdownWithin(server: Server, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = new Promise<'done'>((resolve) => server.tryShutdown(() => resolve('done')));
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
    timer.unref();
  });
  if ((await Promise.race([graceful, timeout])) === 'timeout') server.forceShutdown();
  clearTimeout(timer);
}
