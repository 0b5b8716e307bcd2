import {
  DemandLevel,
  type ForecastAnswer,
  type ForecastDemandRequest,
  type ForecastSeriesRequest,
  type ForecastServer,
  ForecastService,
  type PurchasePropensityAnswer,
  type PurchasePropensityRequest,
} from '@demand/contracts';
import { type GrpcMetrics, type GrpcServiceBinding, unary } from '@demand/grpc-server';
import type { Logger } from '@demand/telemetry';
import type { DemandLevelName, ForecastOut, Forecaster } from '../domain/forecaster.js';

const LEVELS: Partial<Record<DemandLevel, DemandLevelName>> = {
  [DemandLevel.DEMAND_LEVEL_ITEM]: 'item',
  [DemandLevel.DEMAND_LEVEL_CATEGORY]: 'category',
  [DemandLevel.DEMAND_LEVEL_SHOP]: 'shop',
};

const toAnswer = (out: ForecastOut): ForecastAnswer => out;

/** gRPC face of the forecaster: decode → domain → encode; errors become statuses in `unary`. */
export function forecastBinding(
  forecaster: Forecaster,
  transport: { logger: Logger; metrics: GrpcMetrics },
): GrpcServiceBinding {
  const implementation: ForecastServer = {
    forecastDemand: unary<ForecastDemandRequest, ForecastAnswer>(
      'demand.v1.Forecast/ForecastDemand',
      async (req) =>
        toAnswer(
          await forecaster.forecastDemand({
            level: LEVELS[req.level],
            id: req.id,
            horizon: req.horizon,
            levels: req.levels,
          }),
        ),
      transport,
    ),
    forecastSeries: unary<ForecastSeriesRequest, ForecastAnswer>(
      'demand.v1.Forecast/ForecastSeries',
      async (req) => toAnswer(await forecaster.forecastSeries(req)),
      transport,
    ),
    purchasePropensity: unary<PurchasePropensityRequest, PurchasePropensityAnswer>(
      'demand.v1.Forecast/PurchasePropensity',
      (req) => forecaster.purchasePropensity({ userIds: req.userIds, windowDays: req.windowDays }),
      transport,
    ),
  };
  return { name: 'demand.v1.Forecast', definition: ForecastService, implementation };
}
