import { checkPlatformFields, evenAfterFieldErrors, kafkaFields, tenantId, z } from '@demand/config';

/** A service's Kafka settings as its config.ts validates them. */
export const kafkaEnvSchema = z
  .object({ ...kafkaFields, TENANT_ID: tenantId() })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);
