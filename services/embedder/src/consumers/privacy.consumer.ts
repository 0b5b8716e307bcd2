import { Controller, Inject } from '@nestjs/common';
import { Topics, type UserForgotten } from '@demand/contracts';
import type { ConsumedRecord } from '@demand/bus';
import { ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { UserEraser } from '../domain/user-eraser.js';

/** privacy.forget.v1 → the forgotten users' texts leave the vector store before the batch is committed. */
@Controller()
export class PrivacyConsumer {
  constructor(
    @Inject(UserEraser) private readonly eraser: UserEraser,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatches({ groupId: 'embedder-privacy', topic: Topics.usersForgotten, fromBeginning: true })
  async usersForgotten(batch: ConsumedRecord<UserForgotten>[]): Promise<void> {
    const erased = await this.eraser.erase(batch.flatMap((record) => record.value.storedIds));
    const points = erased.reduce((sum, e) => sum + e.points, 0);
    this.logger.info({ requests: batch.length, points }, 'forgotten users erased from the vector store');
  }
}
