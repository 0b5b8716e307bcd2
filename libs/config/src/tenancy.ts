import { z } from 'zod';

/** The tenant of a deployment that sets no TENANT_ID, and of keys and records that name none. */
export const DEFAULT_TENANT = 'default';

/**
 * A tenant id is a strict slug, so every name derived from it is valid where it goes: a Kafka
 * topic prefix, a Kubernetes namespace (DNS label), a ClickHouse database and a Qdrant collection.
 */
const TENANT_SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_TENANT_LENGTH = 30;

export const tenantId = () =>
  z
    .string()
    .max(MAX_TENANT_LENGTH, `expected at most ${MAX_TENANT_LENGTH} characters`)
    .regex(TENANT_SLUG, 'expected a lower-case slug such as shop-a (a-z, 0-9, single hyphens, a letter first)')
    .default(DEFAULT_TENANT);

export function isTenantId(value: string): boolean {
  return value.length <= MAX_TENANT_LENGTH && TENANT_SLUG.test(value);
}

/**
 * Every storage name of one tenant, derived from its id alone so that no operator can point one
 * tenant's service at another's data. The default tenant keeps the names from before tenancy.
 */
export interface TenantNames {
  readonly tenant: string;
  /** Put before every topic name (its DLQ included): `shop-a.events.raw.v1`. */
  readonly topicPrefix: string;
  /** The tenant's ClickHouse database on a shared server, from the deployment's base database. */
  database(base: string): string;
  /**
   * Put before the tenant's vector collection names on a shared Qdrant: `shop_a__items_1a2b`. The
   * default tenant's names never contain the `__` separator, so no tenant's names are another's.
   */
  readonly collectionPrefix: string;
}

export function tenantNames(tenant: string): TenantNames {
  if (!isTenantId(tenant)) throw new Error(`not a tenant id: ${JSON.stringify(tenant)}`);
  const own = tenant !== DEFAULT_TENANT;
  const underscored = tenant.replaceAll('-', '_');
  return {
    tenant,
    topicPrefix: own ? `${tenant}.` : '',
    database: (base) => (own ? `${base}__${underscored}` : base),
    collectionPrefix: own ? `${underscored}__` : '',
  };
}
