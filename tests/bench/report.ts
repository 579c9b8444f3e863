import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchFigure } from './harness';
import { longRunsMarkdown } from './long-runs';
import { missNotes } from './miss-notes';

const fmt = (n: number) =>
  n >= 100 ? Math.round(n).toLocaleString('en') : n >= 1 ? n.toFixed(2) : n.toPrecision(3);

export function table(figures: BenchFigure[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.target} | ${f.meetsTarget === null ? '–' : f.meetsTarget ? 'yes' : '**no**'} | ${fmt(f.baseline)} ${f.unit} (${f.baselineLabel}) | ${f.ratio.toFixed(2)} |${f.note ? ` ${f.note}` : ''}`,
  );
  return [
    '| benchmark | measured | target | meets | baseline (same run) | ratio |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export function writeReport(
  figures: BenchFigure[],
  meta: { machine: string; date: string; quick: boolean; notes: string[] },
  paths: { markdown: string; json: string },
): void {
  const md = [
    '# Benchmarks',
    '',
    `Run: ${meta.date}${meta.quick ? ' (quick mode)' : ''}. Machine: ${meta.machine}.`,
    'Re-run with `npm run bench` (`-- --quick` for the CI size). Each figure sits beside a baseline',
    'measured in the same run; the ratio is measured / baseline.',
    '',
    table(figures),
    '',
    ...meta.notes.map((n) => `- ${n}`),
    '',
    ...missNotes(figures),
    ...longRunsMarkdown(),
  ].join('\n');
  mkdirSync(dirname(paths.markdown), { recursive: true });
  writeFileSync(paths.markdown, md);
  const json = figures.map((f) => ({
    name: f.name,
    value: f.value,
    unit: f.unit,
    baseline: f.baseline,
    baselineLabel: f.baselineLabel,
    ratio: f.ratio,
    target: f.target,
    meetsTarget: f.meetsTarget,
    machine: meta.machine,
    date: meta.date,
    quick: meta.quick,
  }));
  mkdirSync(dirname(paths.json), { recursive: true });
  writeFileSync(paths.json, `${JSON.stringify(json, null, 2)}\n`);
}
