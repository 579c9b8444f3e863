// The figures of the last full fuzz run per database, kept in a JSON file that
// `npm run bench` summarizes in docs/benchmarks.md. Written only after every
// assertion of the run passed, so the file never records a failed run as done.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { machine } from '../bench/harness';

export interface FuzzRun {
  requests: number;
  statuses: Record<string, number>;
}

export function recordFuzzRun(file: string, db: string, run: FuzzRun): void {
  let runs: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      runs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      runs = {};
    }
  }
  runs[db] = { date: new Date().toISOString(), machine: machine(), ...run };
  writeFileSync(file, `${JSON.stringify(runs, null, 2)}\n`);
}
