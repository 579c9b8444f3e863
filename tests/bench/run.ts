// `npm run bench [-- --quick]`: runs every benchmark suite of the product,
// prints a table, writes docs/benchmarks.md and tests/bench/results.json.
import { machine, type BenchFigure, type BenchSuite } from './harness';
import { table, writeReport } from './report';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
// CI runs the quick suite into a scratch directory (the committed report stays a full run) and
// fails when a suite could not run: `--report=/tmp/dir --strict`.
const reportDir = process.argv.find((a) => a.startsWith('--report='))?.slice('--report='.length);
const strict = process.argv.includes('--strict');

// Every benchmark of the product, in report order: module and its exported suite.
const SUITES: [string, string][] = [
  ['./merge.bench', 'mergeSuite'],
  ['./server.bench', 'serverSuite'],
  ['./console.bench', 'consoleSuite'],
  ['./sync.bench', 'syncSuite'],
  ['./wire.bench', 'wireSuite'],
  ['./load.bench', 'loadSuite'],
  ['./files.bench', 'filesSuite'],
  ['./files-console.bench', 'filesConsoleSuite'],
];

async function loadSuites(notes: string[]): Promise<BenchSuite[]> {
  const suites: BenchSuite[] = [];
  for (const [path, name] of SUITES) {
    const module = (await import(path)) as Record<string, BenchSuite | undefined>;
    const suite = module[name];
    if (suite) suites.push(suite);
    else notes.push(`${path} exports no ${name}`);
  }
  return suites;
}

async function main(): Promise<void> {
  const figures: BenchFigure[] = [];
  const notes: string[] = [];
  let failedSuites = 0;
  for (const suite of await loadSuites(notes)) {
    if (only && !suite.name.includes(only)) continue;
    console.log(`\n# ${suite.name}`);
    try {
      figures.push(...(await suite.run({ quick, log: (m) => console.log(`  ${m}`) })));
    } catch (error) {
      // A suite that cannot run here is reported, not hidden.
      const message = error instanceof Error ? error.message : String(error);
      notes.push(`${suite.name}: did not run: ${message}`);
      failedSuites += 1;
      console.error(`  failed: ${message}`);
    }
  }
  console.log(`\n${table(figures)}`);
  const misses = figures.filter((f) => f.meetsTarget === false);
  if (misses.length)
    notes.push(`Targets missed: ${misses.map((f) => f.name).join('; ')} — see the notes per suite.`);
  writeReport(
    figures,
    { machine: machine(), date: new Date().toISOString(), quick, notes },
    reportDir
      ? { markdown: `${reportDir}/benchmarks.md`, json: `${reportDir}/results.json` }
      : { markdown: 'docs/benchmarks.md', json: 'tests/bench/results.json' },
  );
  console.log(`\nwrote ${reportDir ?? 'docs/benchmarks.md and tests/bench/results.json'}`);
  if (strict && (failedSuites > 0 || figures.length === 0)) {
    console.error(`${failedSuites} benchmark suite(s) did not run`);
    process.exitCode = 1;
  }
}

await main();
