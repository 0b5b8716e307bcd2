import { FeaturesService } from '@demand/contracts';
import { type GrpcTestServer, startGrpcTestServer } from '@demand/grpc-server/testing';
import { GRPC_TRANSPORT } from '@demand/service-runtime';
import { Aggregator } from '../src/domain/aggregator.js';
import { ProfileCache } from '../src/domain/profiles.js';
import { ReviewInsights } from '../src/domain/review-insights.js';
import { FeaturesGrpcController } from '../src/grpc/features.controller.js';

/** The Features controller on the platform's transport, as the service wires it, its profiles from `cache`. */
export function startFeaturesServer(cache: ProfileCache): Promise<GrpcTestServer> {
  return startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService },
    controllers: [FeaturesGrpcController],
    providers: [
      { provide: Aggregator, useValue: {} },
      { provide: ProfileCache, useValue: cache },
      { provide: ReviewInsights, useValue: {} },
    ],
    provideTransportAs: GRPC_TRANSPORT,
  });
}
