import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  DemandLevel,
  type ForecastAnswer,
  type ForecastController,
  ForecastControllerMethods,
  type ForecastDemandRequest,
  type DemandMovers as DemandMoversAnswer,
  type ForecastSeriesRequest,
  type ListDemandMoversRequest,
  type PurchasePropensityAnswer,
  type PurchasePropensityRequest,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { DemandMovers } from '../domain/demand-movers.js';
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
  constructor(
    @Inject(Forecaster) private readonly forecaster: Forecaster,
    @Inject(DemandMovers) private readonly movers: DemandMovers,
  ) {}

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

  listDemandMovers(request: ListDemandMoversRequest): Promise<DemandMoversAnswer> {
    const level = LEVELS[request.level];
    const { category, measure, recentDays, priorDays, throughDay, limit } = request;
    return this.movers.list({
      // SHOP has no movers: it is the one node compared with nothing.
      level: level === 'shop' ? undefined : level,
      category,
      measure,
      recentDays,
      priorDays,
      throughDay,
      limit,
    });
  }
}
