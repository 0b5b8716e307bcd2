// The profile benches' server: the aggregator's Features controller, interceptor and filter on the platform's Nest
// gRPC transport, its GetUserProfile answered by `profiles` (the ProfileCache, or anything that hands out the same
// encoded answers); the controller's other dependencies are not called by these benches.
import { Aggregator, FeaturesGrpcController, ProfileCache, ReviewInsights } from '@demand/aggregator';
import { FeaturesService, GetUserProfileRequest, UserProfile } from '@demand/contracts';
import { Client, credentials } from '@grpc/grpc-js';
import { type GrpcTestServer, startGrpcTestServer } from '@demand/grpc-server/testing';
import { GRPC_TRANSPORT } from '@demand/service-runtime';
import type { Target } from './grpc-loaders.js';

export function startProfileServer(profiles: Pick<ProfileCache, 'encodedUserProfile'>): Promise<GrpcTestServer> {
  return startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService },
    controllers: [FeaturesGrpcController],
    providers: [
      { provide: Aggregator, useValue: {} },
      { provide: ReviewInsights, useValue: {} },
      { provide: ProfileCache, useValue: profiles },
    ],
    provideTransportAs: GRPC_TRANSPORT,
  });
}

/** The server at `target` answers each of `ids` with the bytes in `answers` (the cache's), through grpc-js. */
export async function sameAnswers(
  target: Target,
  answers: ReadonlyMap<string, Uint8Array>,
  ids: readonly string[],
): Promise<void> {
  const client = new Client(target.address, credentials.createInsecure());
  try {
    for (const id of ids) {
      const answer = await new Promise<Buffer>((resolve, reject) =>
        client.makeUnaryRequest(
          target.path,
          (r: GetUserProfileRequest) => Buffer.from(GetUserProfileRequest.encode(r).finish()),
          (b: Buffer) => b,
          { userId: id },
          (error, response) => (error || !response ? reject(error ?? new Error('no answer')) : resolve(response)),
        ),
      );
      if (!answer.equals(answers.get(id)!) || UserProfile.decode(answer).userId !== id)
        throw new Error(`${target.address} answers ${id} unlike the cache`);
    }
  } finally {
    client.close();
  }
}
