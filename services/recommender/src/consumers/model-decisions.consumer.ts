import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import { type ModelDecision, Topics } from '@demand/contracts';
import { ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { RECOMMENDER_MODEL_NAME } from '../adapters/model-store-registry.adapter.js';
import { RecommendService } from '../domain/recommend-service.js';

/**
 * models.decisions.v1 (the feedback service's champion/challenger gate) → promote or drop the
 * challenger serving now, when the decision names its ranker version. Every replica applies every
 * decision, so each process reads the topic in a group of its own.
 */
@Controller()
export class ModelDecisionsConsumer {
  constructor(
    @Inject(RecommendService) private readonly service: RecommendService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatches({ groupId: `recommender-decisions-${randomUUID()}`, topic: Topics.modelDecisions })
  async decisions(batch: ConsumedRecord<ModelDecision>[]): Promise<void> {
    for (const { value: decision } of batch) {
      if (decision.model !== RECOMMENDER_MODEL_NAME) continue;
      if (decision.decision !== 'promote' && decision.decision !== 'rollback') continue;
      if (this.service.judgeChallenger(decision.version, decision.decision)) {
        this.logger.info({ version: decision.version, reason: decision.reason }, `challenger ${decision.decision}`);
      }
    }
  }
}
