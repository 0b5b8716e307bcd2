import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  DemandLevel,
  type ForecastAnswer,
  type ForecastController,
  ForecastControllerMethods,
  type ForecastDemandRequest,
  type ForecastSeriesRequest,
  type PurchasePropensityAnswer,
  type PurchasePropensityRequest,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { type DemandLevelName, Forecaster } from '../domain/forecaster.js';

const LEVELS: Partial<Record<DemandLevel, DemandLevelName>> = {
  [DemandLevel.DEMAND_LEVEL_ITEM]: 'item',
  [DemandLevel.DEMAND_LEVEL_CATEGORY]: 'category',
  [DemandLevel.DEMAND_LEVEL_SHOP]: 'shop',
};

/** gRPC face of the forecaster: decode → domain → encode; errors become statuses in the filter. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@ForecastControllerMethods()
export class ForecastGrpcController implements ForecastController {
  constructor(@Inject(Forecaster) private readonly forecaster: Forecaster) {}

  forecastDemand(request: ForecastDemandRequest): Promise<ForecastAnswer> {
    const { id, horizon, levels, frequency } = request;
    return this.forecaster.forecastDemand({ level: LEVELS[request.level], id, horizon, levels, frequency });
  }

  forecastSeries(request: ForecastSeriesRequest): Promise<ForecastAnswer> {
    return this.forecaster.forecastSeries(request);
  }

  purchasePropensity(request: PurchasePropensityRequest): Promise<PurchasePropensityAnswer> {
    return this.forecaster.purchasePropensity({
      userIds: request.userIds,
      windowDays: request.windowDays,
      itemId: request.itemId,
      category: request.category,
    });
  }
}
