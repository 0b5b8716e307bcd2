import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { promisify } from 'node:util';

/** A throwaway CA and a server certificate it signed for 127.0.0.1 and localhost (PEM). */
export interface TestCertificates {
  /** The CA certificate clients trust. */
  ca: string;
  cert: string;
  key: string;
}

const run = promisify(execFile);

/**
 * Made at test time with the openssl CLI (EC P-256, valid one day) in a temporary directory that
 * is removed afterwards: no private key is ever kept in the repository.
 */
export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'kafka-front-pki-'));
  const newCertificate = (name: string, subject: string, ...extra: string[]) =>
    run(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat(
        ['-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.pem`],
        extra,
      ),
      { cwd: dir },
    );
  try {
    await newCertificate('ca', '/CN=test-ca');
    await newCertificate(
      'server',
      '/CN=localhost',
      ...['-CA', 'ca.pem', '-CAkey', 'ca.key', '-addext', 'basicConstraints=critical,CA:FALSE'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    );
    const read = (name: string) => readFile(join(dir, name), 'utf8');
    return { ca: await read('ca.pem'), cert: await read('server.pem'), key: await read('server.key') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Makes this process's TLS clients trust `ca` as well, as NODE_EXTRA_CA_CERTS does for a service. */
export function trustInThisProcess(ca: string): void {
  setDefaultCACertificates([...getCACertificates('default'), ca]);
}
