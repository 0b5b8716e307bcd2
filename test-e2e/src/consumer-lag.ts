import type { Admin } from 'kafkajs';

/** Records of `topic` not yet committed by `groupId`, over all partitions. */
export async function consumerLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const committedByPartition = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  let lag = 0;
  for (const end of ends) {
    const done = committedByPartition.get(end.partition) ?? -1;
    lag += Number(end.high) - Math.max(done, Number(end.low));
  }
  return lag;
}

/**
 * Waits until every group has committed everything on its topic. Groups are given in
 * pipeline order and read one after another, upstream first: once a stage has committed
 * its input, everything it wrote downstream is already there to be counted.
 */
export async function waitForDrain(
  admin: Admin,
  stages: readonly { groupId: string; topic: string }[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const lags: number[] = [];
  while (Date.now() < deadline) {
    lags.length = 0;
    for (const stage of stages) lags.push(await consumerLag(admin, stage.groupId, stage.topic));
    if (lags.every((l) => l === 0)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `pipeline not drained after ${timeoutMs} ms: ${stages.map((s, i) => `${s.groupId}@${s.topic} lag ${lags[i]}`).join(', ')}`,
  );
}

/** The ingest pipeline's stages in order: the preprocessor on the raw topic, the aggregator on the clean one. */
export const INGEST_STAGES: readonly { groupId: string; topic: string }[] = [
  { groupId: 'preprocessor', topic: 'events.raw.v1' },
  { groupId: 'aggregator', topic: 'events.clean.v1' },
];
