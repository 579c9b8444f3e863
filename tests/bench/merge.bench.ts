// The merge function sits on the server's hot path (every update mutation)
// and on the client's (every rebase). Baseline: a plain object spread of the
// same leaves, the least any merge must do.
import { v7 as uuidv7 } from 'uuid';
import { threeWayMerge } from '../../shared/sync/merge';
import { applyPatch, flatten } from '../../shared/sync/paths';
import { medianMs, rateFigure, type BenchSuite } from './harness';

function sampleCase(i: number) {
  return {
    id: uuidv7(),
    status: 'received',
    summary: `case ${i}`,
    worker: { fullName: `Worker ${i}`, passportNumber: `C${1000000 + i}`, nik: null, aliases: [] },
    reporters: { r1: { name: `Reporter ${i}`, role: 'family', phones: [{ e164: '+628123456789' }] } },
    agency: { name: 'PT Contoh', licenceNumber: null },
  };
}

export const mergeSuite: BenchSuite = {
  name: 'shared merge',
  async run(ctx) {
    const n = ctx.quick ? 20_000 : 100_000;
    const records = Array.from({ length: n }, (_, i) => sampleCase(i));
    const patch = { summary: 'edited', 'worker.nik': '3201010101010001', 'reporters.r1.name': 'Ibu' };
    const prior = { summary: 'x', 'worker.nik': null, 'reporters.r1.name': 'x' };
    const mergeMs = await medianMs(() => {
      for (const r of records) applyPatch(r, threeWayMerge(r, patch, prior).apply);
    });
    const baseMs = await medianMs(() => {
      for (const r of records) void { ...r, summary: 'edited', worker: { ...r.worker, nik: '1' } };
    });
    const flatMs = await medianMs(() => {
      for (const r of records) flatten(r);
    });
    return [
      rateFigure(
        'three-way merge + apply (3 leaves)',
        n,
        mergeMs,
        n,
        baseMs,
        'object spread of same leaves',
        null,
        'records/s',
      ),
      rateFigure(
        'flatten a case to leaf paths',
        n,
        flatMs,
        n,
        baseMs,
        'object spread of same leaves',
        null,
        'records/s',
      ),
    ];
  },
};
