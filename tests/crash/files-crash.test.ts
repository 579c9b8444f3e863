// Issue 16: SIGKILL the server during tus uploads and prove every file ends
// stored once with the right hash, an interruption re-sends at most the chunk
// in flight, and nothing half-written is ever served. The full run (20 kills,
// 1-25 MB files) is `npm run test:crash:files`; here a quick one.
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../load/server-process';
import { runFilesCrashScenario } from './files-crash-scenario';

const KILLS = Number(process.env.CRASH_KILLS ?? 2);
const DBS = (process.env.CRASH_DBS?.split(',') as DbKind[] | undefined) ?? ['sqlite', 'postgres'];
const CHUNK = 512 * 1024;

describe.each(DBS)('file uploads across SIGKILLs on %s', (kind) => {
  it(
    `stores every file once, intact, across ${KILLS} kills`,
    { timeout: 60_000 + KILLS * 20_000 },
    async () => {
      const r = await runFilesCrashScenario(kind, {
        kills: KILLS,
        minMb: 1,
        maxMb: 3,
        chunkBytes: CHUNK,
        minUpMs: 200,
        maxUpMs: 900,
        log: (m) => console.log(`[files-crash ${kind}] ${m}`),
      });
      console.log(`[files-crash ${kind}] ${JSON.stringify(r)}`);
      expect(r.kills).toBe(KILLS);
      expect(r.problems).toEqual([]);
      expect(r.badDownloads).toBe(0);
      expect(r.lostAcknowledgedBytes).toBe(0);
      expect(r.maxResentBytes).toBeLessThanOrEqual(CHUNK);
    },
  );
});
