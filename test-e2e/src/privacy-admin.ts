import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { PrivacyClient, withApiKey } from '@demand/contracts';
import type { TestPlatform } from './test-platform.js';

/** A Privacy client on the platform's aggregator with a key of the admin scope (ForgetUser, ExportUser), added now. */
export async function adminPrivacyClient(p: TestPlatform): Promise<PrivacyClient> {
  const admin = issueApiKey({ name: 'dpo', scopes: ['admin'] });
  await new FileApiKeyStore(path.join(p.dataDir, 'api-keys.json')).add(admin.record);
  return new PrivacyClient(p.platform.grpcAddress('aggregator'), credentials.createInsecure(), withApiKey(admin.token));
}
