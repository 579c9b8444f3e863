// SIGKILL the server process at random moments during push load, restart it,
// and prove nothing acknowledged is lost or applied twice. CRASH_KILLS=20 is
// the full run; `npm test` uses a few kills. CRASH_DBS=sqlite,postgres picks
// the databases (default: both).
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../load/server-process';
import { runCrashScenario } from './crash-scenario';

const KILLS = Number(process.env.CRASH_KILLS ?? 3);
const DBS = (process.env.CRASH_DBS?.split(',') as DbKind[] | undefined) ?? ['sqlite', 'postgres'];

describe.each(DBS)('crash safety on %s', (kind) => {
  it(
    `loses and duplicates nothing across ${KILLS} SIGKILLs`,
    { timeout: 60_000 + KILLS * 15_000 },
    async () => {
      const report = await runCrashScenario(kind, {
        kills: KILLS,
        clients: 4,
        batch: 10,
        minUpMs: 300,
        maxUpMs: 1200,
        log: (m) => console.log(`[crash ${kind}] ${m}`),
      });
      console.log(
        `[crash ${kind}] ${report.generated} generated, ${report.acknowledged} acknowledged, ` +
          `${report.retriedBatches} retried batches, ${report.duplicatesReturned} duplicates returned, ` +
          `audit ${report.auditVerify.entries} entries`,
      );
      expect(report.undrained).toBe(0);
      expect(report.acknowledged).toBe(report.generated);
      expect(report.rejected).toEqual([]);
      expect(report.auditProblems).toEqual([]);
      expect(report.recordProblems).toEqual([]);
      // Chain intact, and every record equal to the replay of its audit history after the kills.
      expect(report.auditVerify).toMatchObject({ ok: true, problems: [], records: { mismatched: 0 } });
      // The kills must actually have hit load in flight, or the test proves nothing.
      expect(report.acknowledged).toBeGreaterThan(KILLS * 5);
    },
  );
});
