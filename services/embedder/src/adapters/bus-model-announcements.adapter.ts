import type { EventBus } from '@demand/bus';
import { Topics, type ModelPublished } from '@demand/contracts';
import type { ModelAnnouncements } from '../ports/model-announcements.port.js';

/** Publishes to models.published.v1, keyed by model name. */
export class BusModelAnnouncements implements ModelAnnouncements {
  constructor(private readonly bus: EventBus) {}

  async announce(message: ModelPublished): Promise<void> {
    await this.bus.publish(Topics.modelsPublished, [message]);
  }
}
