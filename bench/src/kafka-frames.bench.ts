import { FrameReader } from '@demand/kafka-broker';
import { cpuMicros, median, printBench, progress } from './report.js';

// The secured front's frame splitting (libs/kafka-broker FrameReader) on one big frame arriving in
// socket-sized chunks, against the least any reader must do: one copy of the frame's bytes.
const FRAME_BYTES = 32 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const RUNS = 5;

function chunksOfOneFrame(): Buffer[] {
  const stream = Buffer.alloc(4 + FRAME_BYTES, 0x61);
  stream.writeInt32BE(FRAME_BYTES, 0);
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += CHUNK_BYTES) chunks.push(stream.subarray(at, at + CHUNK_BYTES));
  return chunks;
}

function cpuMs(work: () => number): number {
  const used = cpuMicros();
  const length = work();
  if (length !== FRAME_BYTES) throw new Error(`expected one frame of ${FRAME_BYTES} bytes, got ${length}`);
  return used() / 1000;
}

const chunks = chunksOfOneFrame();
const reader: number[] = [];
const oneCopy: number[] = [];
for (let run = 0; run < RUNS; run++) {
  reader.push(
    cpuMs(() => {
      const frames = new FrameReader();
      let length = 0;
      for (const chunk of chunks) for (const frame of frames.push(chunk)) length += frame.length;
      return length;
    }),
  );
  oneCopy.push(cpuMs(() => Buffer.concat(chunks).subarray(4).length));
  progress(
    `kafka-frames run ${run + 1}: reader ${reader.at(-1)?.toFixed(1)} ms, one copy ${oneCopy.at(-1)?.toFixed(1)} ms`,
  );
}
printBench('kafka_front_frame_32mib', median(reader), 'cpu_ms', median(oneCopy));
