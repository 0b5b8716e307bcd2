import { stat } from 'node:fs/promises';
import { type CallOptions, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  AsciiFastWriter,
  CollectorClient,
  CollectorService,
  type Event,
  encodeEventListItem,
  type ItemUpsert,
  TrackBatchResponse,
  withApiKey,
  withPushback,
} from '@demand/contracts/messages';
import { eachArgument } from './args.js';
import { CallLanes } from './call-lanes.js';
import { type ImportFormat, readImportChunks } from './import-file.js';
import type { CliIo } from './run-cli.js';

export const importUsage = [
  'usage: demand import [--collector HOST:PORT] [--api-key KEY] [--strict] [--format jsonl|csv] [--batch N]',
  '                     [--in-flight N] [--timeout MS] <file>',
  '',
  "Loads a shop's history: events and items as JSON Lines or CSV (header row) with the field names of the",
  "README's event table; `type` names the kind (view, purchase, item_upsert, ...), or the payload is nested",
  'under its kind ({"view": {...}}). A .gz name or gzip magic bytes means gzip. Events are sent with',
  '`backfill` set (never flagged late) in TrackBatch calls, items in UpsertItems calls.',
  'Lines without event_id get a stable id derived from the line, so running an import again counts nothing twice.',
  'Bad lines are reported with their numbers and skipped; --strict stops at the first one (the lines before it go in).',
  'A call carries --batch lines (8000; the collector takes 10000), fewer when their texts are long (8 MiB at most).',
  "Events go in --in-flight lanes (4) by user_id, one call on the wire per lane, so a user's events arrive in file",
  'order. The file is read on while a lane is busy: calls wait in their lanes, up to --in-flight x 8 MiB in all,',
  "beside the calls being filled (up to 8 MiB a lane) and those on the wire; one user's calls still go one at a",
  'time. Items go first, once the calls before them are done.',
  'Progress goes to stderr; the summary to stdout as JSON. Exit 0 when all lines went in, 1 when some were',
  'skipped or a call failed, 2 on usage errors.',
].join('\n');

interface ImportOptions {
  collector: string;
  apiKey?: string;
  strict: boolean;
  format?: ImportFormat;
  batch: number;
  inFlight: number;
  timeoutMs: number;
  file?: string;
}

function parse(argv: string[], environment: NodeJS.ProcessEnv): ImportOptions {
  const o: ImportOptions = { collector: '127.0.0.1:50051', strict: false, batch: 8000, inFlight: 4, timeoutMs: 30_000 };
  if (environment.DEMAND_API_KEY) o.apiKey = environment.DEMAND_API_KEY;
  eachArgument(argv, (arg, value) => {
    if (arg === '--collector') o.collector = value();
    else if (arg === '--api-key') o.apiKey = value();
    else if (arg === '--strict') o.strict = true;
    else if (arg === '--timeout') o.timeoutMs = Number(value());
    else if (arg === '--in-flight') {
      o.inFlight = Number(value());
      if (!Number.isInteger(o.inFlight) || o.inFlight < 1 || o.inFlight > 64)
        throw new Error('--in-flight must be 1-64');
    } else if (arg === '--batch') {
      o.batch = Number(value());
      if (!Number.isInteger(o.batch) || o.batch < 1 || o.batch > MAX_CALL_LINES) {
        throw new Error(`--batch must be 1-${MAX_CALL_LINES} (a call is at most 8 MiB, 1 KiB a line or more)`);
      }
    } else if (arg === '--format') {
      const f = value();
      if (f !== 'jsonl' && f !== 'csv') throw new Error('--format must be jsonl or csv');
      o.format = f;
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (o.file === undefined) o.file = arg;
    else throw new Error(`unexpected argument ${arg}`);
  });
  if (o.file === undefined) throw new Error('a file is required');
  return o;
}

/**
 * Bytes of a call's events and items at most (estimated high): large batches make large Kafka
 * records and few handler calls downstream, but one call must stay under the collector's
 * message limit (GRPC_MAX_MESSAGE_BYTES, 16 MiB by default) even when reviews are long.
 */
const MAX_CALL_BYTES = 8 * 1024 * 1024;
/** Lines a call can carry at most: every line counts at least 1 KiB against `MAX_CALL_BYTES`. */
const MAX_CALL_LINES = MAX_CALL_BYTES / 1024;

/** Above this a lane's call leaves its writer behind (its buffer doubled past what was written). */
const KEPT_LANE_WRITER_BYTES = 2 * 1024 * 1024;

/** grpc-js frames a Buffer; the writer's bytes are viewed as one, not copied. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** An upper bound of one event's or item's encoded size from its free texts (3 bytes a UTF-16 unit) plus the rest. */
function wireBytesAtMost(texts: readonly string[]): number {
  return 1024 + 3 * texts.reduce((n, text) => n + text.length, 0);
}

function textsOfEvent(event: Event): string[] {
  const p = event.payload;
  if (p?.$case === 'review') return [p.review.text];
  if (p?.$case === 'dialogTurn') return [p.dialogTurn.text];
  if (p?.$case === 'search') return [p.search.query];
  return [];
}

function textsOfItem(item: ItemUpsert): string[] {
  return [
    item.title,
    item.description,
    item.brand,
    ...Object.values(item.localizedTitles),
    ...Object.entries(item.attributes).flat(),
    ...item.categoryPath,
  ];
}

/** A progress bar on stderr: a carriage-return line, at most every 100 ms. */
function progressBar(io: CliIo, total: number) {
  let last = 0;
  return (bytes: number, sent: number, bad: number, force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const share = total > 0 ? Math.min(1, bytes / total) : 1;
    const filled = Math.round(share * 30);
    io.stderr(
      `\rimport [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${sent} sent, ${bad} bad`,
    );
  };
}

/** `demand import …`; returns the exit code. */
export async function runImport(argv: string[], io: CliIo, environment = process.env): Promise<number> {
  if (argv.includes('--help')) {
    io.stdout(`${importUsage}\n`);
    return 0;
  }
  let o: ImportOptions;
  try {
    o = parse(argv, environment);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${importUsage}\n`);
    return 2;
  }
  let size: number;
  try {
    size = (await stat(o.file!)).size;
  } catch (error) {
    io.stderr(`cannot read ${o.file}: ${(error as Error).message}\n`);
    return 2;
  }
  const client = new CollectorClient(o.collector, credentials.createInsecure(), withApiKey(o.apiKey));
  // One unary call with the --timeout deadline; a collector whose pipeline is behind refuses with a retry hint:
  // wait as told and send again.
  type Callback<T> = (error: ServiceError | null, response?: T) => void;
  const unary = <T>(call: (metadata: Metadata, options: CallOptions, callback: Callback<T>) => void) =>
    withPushback(
      () =>
        new Promise<T>((resolve, reject) =>
          call(new Metadata(), { deadline: new Date(Date.now() + o.timeoutMs) }, (error, response) =>
            error ? reject(error) : resolve(response!),
          ),
        ),
    );
  const upsertItems = (request: { items: ItemUpsert[] }) =>
    unary((metadata, options, callback) => client.upsertItems(request, metadata, options, callback));
  // A TrackBatchRequest's bytes, written event by event as the file is read (so no event outlives its line).
  const trackBatch = (request: Uint8Array) =>
    unary((metadata, options, callback: Callback<TrackBatchResponse>) =>
      client.makeUnaryRequest(
        CollectorService.trackBatch.path,
        asBuffer,
        TrackBatchResponse.decode,
        request,
        metadata,
        options,
        callback,
      ),
    );
  const progress = progressBar(io, size);
  const summary = { lines: 0, events: 0, items: 0, bad: 0, stopped: false };
  // Calls built while their lane is busy wait in it, up to --in-flight × 8 MiB in all before the reader waits.
  const lanes = new CallLanes(o.inFlight, o.inFlight * MAX_CALL_BYTES);
  const pending = Array.from({ length: lanes.count }, () => ({
    writer: new AsciiFastWriter(),
    events: 0,
    bytes: 0,
    sentOne: false,
  }));
  let items: ItemUpsert[] = [];
  let itemBytes = 0;
  let bytes = 0;
  // Items go before every event call that follows them, after every call before them, so that
  // the events read after an item find it in the catalog.
  const sendItems = async () => {
    if (items.length === 0) return;
    await lanes.drain();
    await upsertItems({ items });
    summary.items += items.length;
    items = [];
    itemBytes = 0;
  };
  const sendLane = async (lane: number) => {
    const batch = pending[lane]!;
    if (batch.events === 0) return;
    await sendItems();
    const { events, bytes: callBytes } = batch;
    // finish() copies the bytes out and keeps the writer's grown buffer for the lane's next call, unless it
    // grew large: --in-flight lanes each keeping one for up to 8 MiB of texts would hold up to ~1 GiB.
    const request = batch.writer.finish();
    if (request.length > KEPT_LANE_WRITER_BYTES) batch.writer = new AsciiFastWriter();
    batch.events = 0;
    batch.bytes = 0;
    batch.sentOne = true;
    await lanes.add(lane, () => trackBatch(request).then(() => (summary.events += events)), callBytes);
  };
  // A lane's first call is cut short, at (lane + 1) / lanes of a batch, so the lanes' calls leave in
  // turn, one every --batch lines as they would from a single queue, not all at once.
  const full = (lane: number) => {
    const batch = pending[lane]!;
    const lines = batch.sentOne ? o.batch : Math.ceil((o.batch * (lane + 1)) / lanes.count);
    return batch.events >= lines;
  };
  try {
    reading: for await (const records of readImportChunks(o.file!, {
      ...(o.format ? { format: o.format } : {}),
      onBytes: (b) => (bytes = b),
    })) {
      for (const record of records) {
        summary.lines = record.line;
        if (record.kind === 'error') {
          summary.bad++;
          io.stderr(`\rline ${record.line}: ${record.error}${o.strict ? ' (stopping: --strict)' : ' (skipped)'}\n`);
          if (o.strict) {
            summary.stopped = true;
            break reading;
          }
          continue;
        }
        // A line that would take its call past MAX_CALL_BYTES sends the call before it first.
        if (record.kind === 'item') {
          const lineBytes = wireBytesAtMost(textsOfItem(record.item));
          if (itemBytes + lineBytes > MAX_CALL_BYTES) await sendItems();
          items.push(record.item);
          itemBytes += lineBytes;
          if (items.length >= o.batch) await sendItems();
        } else {
          const lane = lanes.laneOf(record.event.userId);
          const lineBytes = wireBytesAtMost(textsOfEvent(record.event));
          if (pending[lane]!.bytes + lineBytes > MAX_CALL_BYTES) await sendLane(lane);
          const batch = pending[lane]!;
          encodeEventListItem(record.event, batch.writer);
          batch.events++;
          batch.bytes += lineBytes;
          if (full(lane)) await sendLane(lane);
        }
      }
      progress(bytes, summary.events + summary.items, summary.bad);
    }
    // Under --strict the lines before the bad one still go in: a fixed file imported again adds only the rest.
    await sendItems();
    await Promise.all(pending.map((_, lane) => sendLane(lane)));
    await lanes.drain();
  } catch (error) {
    const e = error as ServiceError;
    const message =
      typeof e.code === 'number' ? `${status[e.code] ?? 'UNKNOWN'}: ${e.details || e.message}` : e.message;
    io.stderr(`\nerror: ${message} (after line ${summary.lines}; the import may be run again)\n`);
    await lanes.drain().catch(() => undefined); // the first failure is reported above; let the rest end
    client.close();
    return 1;
  }
  client.close();
  progress(size, summary.events + summary.items, summary.bad, true);
  io.stderr('\n');
  io.stdout(`${JSON.stringify(summary)}\n`);
  return summary.bad > 0 ? 1 : 0;
}
