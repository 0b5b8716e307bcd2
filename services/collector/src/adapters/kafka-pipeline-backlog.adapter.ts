import { Topics } from '@demand/contracts';
import type { KafkaLagProbe } from '@demand/bus';
import type { PipelineBacklog } from '../domain/admission.js';

/** The preprocessor's backlog as Kafka sees it: its group's uncommitted records on events.raw.v1. */
export class KafkaPipelineBacklog implements PipelineBacklog {
  constructor(
    private readonly probe: KafkaLagProbe,
    private readonly groupId: string,
  ) {}

  rawRecordsBehind(): Promise<number> {
    return this.probe.lag(this.groupId, Topics.eventsRaw.name);
  }
}
