import type { Server } from '@nestjs/microservices';

/** A Nest transport's callback-style listen as a promise. */
export function listenOn(server: Pick<Server, 'listen'>): Promise<void> {
  return new Promise((resolve, reject) => {
    server.listen((error?: unknown) => (error ? reject(error) : resolve()));
  });
}
