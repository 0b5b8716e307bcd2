// Loaded into a service's process by a bench (node --import <this file>, with STALL_RECORD_FILE set):
// a 1 ms timer on its main thread that, whenever a tick comes late by more than STALL_MIN_MS, appends
// one line to STALL_RECORD_FILE: when the gap began (the machine's monotonic clock, ms), how long it
// was (wall ms) and how much of it the thread spent on a CPU (ms, its own thread CPU time). A gap with
// as much CPU as wall time is work of the process's own event loop (a long task); one with little CPU
// is the thread waiting for a core that other processes hold. Bench tooling, never part of a service.
import { appendFileSync } from 'node:fs';

const file = process.env.STALL_RECORD_FILE;
const minMs = Number(process.env.STALL_MIN_MS ?? 3);
if (!(Number.isFinite(minMs) && minMs > 0))
  throw new Error(`STALL_MIN_MS=${process.env.STALL_MIN_MS}: a positive number of milliseconds expected`);
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
const cpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

if (file) {
  appendFileSync(file, ''); // created at start: a reader tells "no gaps" from "no recorder"
  let wall = monotonicMs();
  let cpu = cpuMs();
  const tick = () => {
    const nowWall = monotonicMs();
    const nowCpu = cpuMs();
    if (nowWall - wall > minMs)
      appendFileSync(file, `${wall.toFixed(1)} ${(nowWall - wall).toFixed(2)} ${(nowCpu - cpu).toFixed(2)}\n`);
    wall = monotonicMs();
    cpu = cpuMs();
  };
  setInterval(tick, 1).unref();
}
