import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Topics } from '@demand/contracts';
import { TenantTopics } from '../src/tenant.js';

test("a tenant's topic copy is made once per registry topic and names the tenant's topics", () => {
  const topics = new TenantTopics({ id: 'shop-a', topicPrefix: 'shop-a.' });
  const raw = topics.of(Topics.eventsRaw);
  assert.equal(topics.of(Topics.eventsRaw), raw, 'the same copy for every publish');
  assert.equal(raw.name, `shop-a.${Topics.eventsRaw.name}`);
  assert.equal(raw.dlq, `shop-a.${Topics.eventsRaw.dlq}`);
  assert.equal(raw.tenant, 'shop-a');
  assert.equal(raw.codec, Topics.eventsRaw.codec, "every other field is the registry's");
  assert.notEqual(topics.of(Topics.eventsClean), raw);
  assert.equal(
    new TenantTopics(undefined).of(Topics.eventsRaw),
    Topics.eventsRaw,
    'the default tenant: the registry topic',
  );
});
