import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import { kafkaJsLogCreator } from './kafkajs-logger.js';
import type { BusLogger } from './logger.js';
import type { BusTenant } from './tenant.js';

/** Where and how a client reaches Kafka (the part of the bus's options every client shares). */
export interface KafkaConnectionOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly ssl?: boolean;
  /** PEM of a private CA to trust (instead of Node's default store) for the brokers' certificates. */
  readonly sslCa?: string;
  readonly sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  readonly logger: BusLogger;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Retries of a failed request (default RETRY_TIMING's 5): a caller with a fallback of its own wants few. */
  readonly retries?: number;
  /** Whose topics this client reads and writes; absent for the default tenant. */
  readonly tenant?: BusTenant;
  /** The least severe of kafkajs' own lines passed to the logger (default INFO); NOTHING for none. */
  readonly kafkaJsLogLevel?: KafkaJsLogLevel;
}

/** kafkajs' log levels by name. */
export type KafkaJsLogLevel = keyof typeof logLevel;

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

/** TLS and SASL as kafkajs takes them; every Kafka client of the platform maps them here. */
export type KafkaSecurity = Pick<KafkaConnectionOptions, 'ssl' | 'sslCa' | 'sasl'>;

export function kafkaSecurity(options: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return {
    ssl: options.sslCa ? { ca: [options.sslCa] } : options.ssl,
    sasl: options.sasl as SASLOptions | undefined,
  };
}

/**
 * The kafkajs client for these options: TLS and SASL as configured, logs through the service's logger.
 */
export function kafkaClient(options: KafkaConnectionOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...kafkaSecurity(options),
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    logLevel: logLevel[options.kafkaJsLogLevel ?? 'INFO'],
    logCreator: kafkaJsLogCreator(options.logger),
    retry: { ...RETRY_TIMING, retries: options.retries ?? RETRY_TIMING.retries },
  });
}
