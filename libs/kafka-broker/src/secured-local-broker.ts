import { startLocalBroker, type LocalBroker, type LocalBrokerOptions } from './local-broker.js';
import type { SaslCredentials } from './sasl-server.js';
import { createTestCertificates, trustInThisProcess } from './test-certificates.js';

/**
 * For tests: a local broker behind a SASL_SSL front (TLS with a throwaway certificate, SASL for
 * `sasl`), whose CA this process's TLS clients then trust, so `ssl: true` clients connect.
 */
export async function startSecuredLocalBroker(
  options: Omit<LocalBrokerOptions, 'secureFront'> & { sasl: SaslCredentials },
): Promise<LocalBroker> {
  const { sasl, ...brokerOptions } = options;
  const pki = await createTestCertificates();
  trustInThisProcess(pki.ca);
  return startLocalBroker({ ...brokerOptions, secureFront: { tls: { cert: pki.cert, key: pki.key }, sasl } });
}
