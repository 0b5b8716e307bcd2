import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type FeaturesController,
  FeaturesControllerMethods,
  type GetItemStatsRequest,
  type ItemStats,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { Aggregator } from '../domain/aggregator.js';

/** gRPC face of the aggregates. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@FeaturesControllerMethods()
export class FeaturesGrpcController implements FeaturesController {
  constructor(@Inject(Aggregator) private readonly aggregator: Aggregator) {}

  getItemStats(request: GetItemStatsRequest): Promise<ItemStats> {
    return this.aggregator.itemStats(request);
  }
}
