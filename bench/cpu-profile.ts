/**
 * Preload for profiling a running service without changing how it is started:
 *   NODE_OPTIONS="--require ./dist/bench/cpu-profile.js" CPU_PROFILE_DIR=/tmp/prof ...
 * Starts the V8 CPU profiler at load; SIGUSR2 writes <dir>/<pid>.cpuprofile and stops it.
 * (Node 20 refuses --cpu-prof in NODE_OPTIONS, and --cpu-prof writes nothing on SIGTERM/SIGKILL.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';
import { Client } from 'pg';

const dir = process.env.CPU_PROFILE_DIR || '/tmp';
const session = new Session();
session.connect();
session.post('Profiler.enable', () => session.post('Profiler.start'));
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});

// Query counts by statement (first 70 characters), written next to the profile: round trips per request.
const counts = new Map<string, number>();
const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const original = proto.query;
proto.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0];
  const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
  const key = text.replace(/\s+/g, ' ').slice(0, 70);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return original.apply(this, args);
};
process.on('SIGUSR2', () => {
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  fs.writeFileSync(path.join(dir, `${process.pid}.queries.json`), JSON.stringify(sorted, null, 1));
});
