import { applyDecorators, Catch, type RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import type { BatchOutcome, ConsumedRecord } from '@demand/bus';
import { type BatchConsumerOptions, type BatchHandlerExtras, BUS_TRANSPORT_ID } from './bus-transport.js';

/**
 * Hands a handler's error to the bus as it was thrown: Nest's default filter would turn it
 * into a plain object without the `transient` marker, and good records would be dead-lettered.
 */
@Catch()
export class PassBatchErrorsToBus implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

type BatchHandler<T> = (batch: ConsumedRecord<T>[]) => Promise<BatchOutcome<T> | void>;

/**
 * Makes a controller method a Kafka consumer: it receives whole batches of one partition of
 * `topic` for consumer group `groupId`; the batch is committed once the method resolves.
 * Throwing retries it (errors with `transient: true` forever, others until the records are
 * isolated and the failing ones dead-lettered); returned `rejected` records are dead-lettered.
 */
export function ConsumeBatches<T>(consumer: BatchConsumerOptions<T>) {
  const extras: BatchHandlerExtras = { consumer: consumer as BatchConsumerOptions<unknown> };
  const decorate = applyDecorators(
    EventPattern({ topic: consumer.topic.name, groupId: consumer.groupId }, BUS_TRANSPORT_ID, extras),
    UseFilters(PassBatchErrorsToBus),
  );
  return <H extends BatchHandler<T>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<H>) => {
    decorate(target, key, descriptor);
  };
}
