import type { ServerTlsFiles } from '@demand/grpc-server/plain';
import type { AnswerUpdate } from './answer-update.js';
import type { CallReport } from './call-notes.js';
import type { KeyAnswer } from './relayed-keys.js';

/** What the read server's worker is started with (its `workerData`). */
export interface ReadWorkerSettings {
  host: string;
  port: number;
  maxReceiveMessageBytes: number;
  maxCallMs: number;
  shutdownGraceMs: number;
  tls?: ServerTlsFiles;
  /** Absent: no API keys asked for (as the main port with GRPC_AUTH=off). */
  auth?: { defaultRatePerSecond: number; tenant: string; keysRefreshMs: number };
  /** How often the worker hands its calls over for the metrics and traces. */
  reportEveryMs: number;
}

export type ToReadWorker =
  | { type: 'answers'; seq: number; update: AnswerUpdate }
  /** Bind the port (sent once the first answers are in). */
  | { type: 'listen' }
  | { type: 'key'; seq: number; answer: KeyAnswer }
  | { type: 'close' };

export type FromReadWorker =
  | { type: 'applied'; seq: number }
  | { type: 'listening'; port: number }
  | { type: 'calls'; report: CallReport }
  /** The worker's copy of a key is missing or older than the keys' refresh time: the main thread's store reads it. */
  | { type: 'find-key'; seq: number; id: string }
  | { type: 'closed' };
