// The profile benches' server: the aggregator's Features controller, interceptor and filter on the platform's Nest
// gRPC transport, its GetUserProfile answered by `profiles` (the ProfileCache, or anything that hands out the same
// encoded answers); the controller's other dependencies are not called by these benches.
import { Aggregator, FeaturesGrpcController, ProfileCache, ReviewInsights } from '@demand/aggregator';
import { FeaturesService } from '@demand/contracts';
import { type GrpcTestServer, startGrpcTestServer } from '@demand/grpc-server/testing';

export function startProfileServer(profiles: Pick<ProfileCache, 'encodedUserProfile'>): Promise<GrpcTestServer> {
  return startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService },
    controllers: [FeaturesGrpcController],
    providers: [
      { provide: Aggregator, useValue: {} },
      { provide: ReviewInsights, useValue: {} },
      { provide: ProfileCache, useValue: profiles },
    ],
  });
}
