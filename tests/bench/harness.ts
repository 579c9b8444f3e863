// The benchmark report: every figure sits beside a baseline measured in the
// same run on the same machine, so the ratio means something even when the
// machine is busy. Targets come from the issues.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** What the baseline measures, e.g. "raw INSERT of the same rows". */
  baselineLabel: string;
  baseline: number;
  /** value / baseline, in the unit's direction (higher-is-better units: value/baseline). */
  ratio: number;
  target: string;
  /** Whether the figure meets its target; null when the target is informational. */
  meetsTarget: boolean | null;
  note?: string;
}

export interface BenchContext {
  quick: boolean;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<BenchFigure[]>;
}

/**
 * Cloud CPUs often report a bare model name ("AMD EPYC") for generations twice as fast as each
 * other: on Linux the CPU family and model numbers go beside it, so two reports can be compared.
 */
function cpuGeneration(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
    const model = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
    return family && model ? ` (family ${family}, model ${model})` : '';
  } catch {
    return '';
  }
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return `${cpu.trim()}${cpuGeneration()}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** Runs fn `repeat` times and returns the median duration in milliseconds. */
export async function medianMs(fn: () => unknown, repeat = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** The p-th percentile of unsorted samples. */
export const percentileOf = (values: number[], p: number): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );
export const medianOf = (values: number[]): number => percentileOf(values, 50);

/** A throughput figure (higher is better) with its baseline throughput. */
export function rateFigure(
  name: string,
  count: number,
  ms: number,
  baselineCount: number,
  baselineMs: number,
  baselineLabel: string,
  target: number | null,
  unit = 'ops/s',
): BenchFigure {
  const value = count / (ms / 1000);
  const baseline = baselineCount / (baselineMs / 1000);
  return {
    name,
    value,
    unit,
    baseline,
    baselineLabel,
    ratio: value / baseline,
    target: target === null ? 'informational' : `≥ ${target.toLocaleString('en')} ${unit}`,
    meetsTarget: target === null ? null : value >= target,
  };
}

/** A latency figure (lower is better) with its baseline latency. */
export function latencyFigure(
  name: string,
  ms: number,
  baselineMs: number,
  baselineLabel: string,
  targetMs: number | null,
): BenchFigure {
  return {
    name,
    value: ms,
    unit: 'ms',
    baseline: baselineMs,
    baselineLabel,
    ratio: ms / baselineMs,
    target: targetMs === null ? 'informational' : `≤ ${targetMs} ms`,
    meetsTarget: targetMs === null ? null : ms <= targetMs,
  };
}
