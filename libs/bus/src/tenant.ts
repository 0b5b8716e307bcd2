import { Headers, type TopicDefinition } from '@demand/contracts';

/**
 * The tenant a bus serves. Absent: the default tenant, whose topics keep their registry names
 * and whose records carry no tenant header (records and topics from before tenancy are its own).
 */
export interface BusTenant {
  readonly id: string;
  /** Put before every topic and consumer group name, dead-letter topics included: `shop-a.events.raw.v1`. */
  readonly topicPrefix: string;
}

/** The tenant's own copy of a registry topic: prefixed names, and the tenant its records must name. */
export function tenantTopic<T>(topic: TopicDefinition<T>, tenant: BusTenant | undefined): TopicDefinition<T> {
  if (!tenant) return topic;
  return { ...topic, name: tenant.topicPrefix + topic.name, dlq: tenant.topicPrefix + topic.dlq, tenant: tenant.id };
}

/** `tenantTopic` made once per registry topic and kept: a bus publishes to a few topics many times. */
export class TenantTopics {
  private readonly copies = new WeakMap<TopicDefinition<unknown>, TopicDefinition<unknown>>();

  constructor(private readonly tenant: BusTenant | undefined) {}

  of<T>(topic: TopicDefinition<T>): TopicDefinition<T> {
    if (!this.tenant) return topic;
    let copy = this.copies.get(topic as TopicDefinition<unknown>);
    if (!copy) {
      copy = tenantTopic(topic, this.tenant) as TopicDefinition<unknown>;
      this.copies.set(topic as TopicDefinition<unknown>, copy);
    }
    return copy as TopicDefinition<T>;
  }
}

/**
 * A topic or consumer group name as the tenant's: groups too, since the tenants' services share
 * one broker and two aggregators of one group name would split each other's partitions.
 */
export function tenantName(name: string, tenant: BusTenant | undefined): string {
  return tenant ? tenant.topicPrefix + name : name;
}

/** The caller's extra headers plus the `x-tenant` header of a named tenant (one header per record). */
export function withTenantHeader(
  extra: Readonly<Record<string, string>> | undefined,
  tenant: BusTenant | undefined,
): Readonly<Record<string, string>> | undefined {
  return tenant ? { ...extra, [Headers.tenant]: tenant.id } : extra;
}

/** Why a consumer of a topic of `ownTenant` must not handle a record with these headers; undefined when it may. */
export function foreignTenant(ownTenant: string | undefined, headers: Record<string, string>): string | undefined {
  const tenant = headers[Headers.tenant];
  if (tenant === ownTenant) return undefined;
  return `record of tenant ${tenant ?? 'default'} on a topic of tenant ${ownTenant ?? 'default'}: not handled`;
}
