import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { kafkaJsLogCreator } from './kafkajs-logger.js';
import type { BusLogger } from './logger.js';
import type { BusTenant } from './tenant.js';

/** Where and how a client reaches Kafka (the part of the bus's options every client shares). */
export interface KafkaConnectionOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly ssl?: boolean;
  readonly sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  readonly logger: BusLogger;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Whose topics this client reads and writes; absent for the default tenant. */
  readonly tenant?: BusTenant;
}

/**
 * kafkajs's production retry defaults, stated so they do not depend on NODE_ENV: under
 * NODE_ENV=test (which Jest sets) kafkajs silently switches to 15 retries in 50 ms steps.
 */
export const RETRY_TIMING = {
  initialRetryTime: 300,
  maxRetryTime: 30_000,
  factor: 0.2,
  multiplier: 2,
  retries: 5,
} as const;

/** The kafkajs client for these options: TLS and SASL as configured, logs through the service's logger. */
export function kafkaClient(options: KafkaConnectionOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ssl: options.ssl,
    sasl: options.sasl as SASLOptions | undefined,
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    logLevel: logLevel.INFO,
    logCreator: kafkaJsLogCreator(options.logger),
    retry: RETRY_TIMING,
  });
}
