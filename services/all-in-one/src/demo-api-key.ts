import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';

const DEMO_KEY_NAME = 'local-demo';

/**
 * A fresh key of the run's tenant for this run of local mode, with every scope a caller needs
 * (track, read, recommend). Only its hash is stored, so the key of an earlier run cannot be shown again:
 * earlier demo keys are revoked instead.
 */
export async function issueDemoApiKey(file: string, tenant: string): Promise<string> {
  const store = new FileApiKeyStore(file);
  const now = new Date();
  for (const key of await store.list()) {
    if (key.name === DEMO_KEY_NAME && !key.revokedAt) await store.revoke(key.id, now);
  }
  const issued = issueApiKey({ name: DEMO_KEY_NAME, scopes: ['track', 'read', 'recommend'], tenant, now });
  await store.add(issued.record);
  return issued.token;
}
