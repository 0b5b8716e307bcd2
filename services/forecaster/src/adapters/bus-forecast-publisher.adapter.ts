import type { EventBus } from '@demand/bus';
import { DemandLevel, type ForecastUpdated, Topics } from '@demand/contracts';
import type { ForecastPublisher, PublishedForecast } from '../ports/forecast-sink.port.js';

const LEVELS = {
  item: DemandLevel.DEMAND_LEVEL_ITEM,
  category: DemandLevel.DEMAND_LEVEL_CATEGORY,
  shop: DemandLevel.DEMAND_LEVEL_SHOP,
} as const;

/** Publishes to forecasts.updated.v1, one record per series, keyed by series id; the event id is series + version. */
export class BusForecastPublisher implements ForecastPublisher {
  constructor(private readonly bus: EventBus) {}

  async publish(forecasts: readonly PublishedForecast[]): Promise<void> {
    if (forecasts.length === 0) return;
    const messages: ForecastUpdated[] = forecasts.map((f) => {
      const message = {
        eventId: '',
        level: LEVELS[f.level],
        id: f.id,
        method: f.method,
        backtestMase: f.backtestMase,
        points: f.points,
        modelVersion: f.modelVersion,
        kind: f.kind,
        dataThrough: f.dataThrough,
        occurredAt: f.occurredAt,
      };
      return { ...message, eventId: `${Topics.forecastsUpdated.keyOf(message)}@${f.modelVersion}` };
    });
    await this.bus.publish(Topics.forecastsUpdated, messages);
  }
}
