// Document files (issue 16): a 25 MB file uploaded (tus POST + one PATCH, the console's
// tus-js-client default) and downloaded through the whole server path (auth, staging, SHA-256 and
// type check, encryption, content-addressed store, audit, decryption) versus a raw HTTP PUT/GET of
// the same bytes to a bare Node server on this machine (same run, ratio; target >= 0.5x); and the
// server's RSS growth during ten parallel 25 MB uploads (target <= 64 MB: streamed, never buffered
// whole). Quick mode: 5 MB and three parallel uploads. POSKO_BENCH_DBS=sqlite limits the databases.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  createOffice,
  createUser,
  login,
  loginAdmin,
  mutation,
  newCase,
  push,
  USER_PASSWORD,
} from '../load/api-client';
import { createDatabase, rssKiB, startServerProcess, type DbKind } from '../load/server-process';
import { medianOf, type BenchFigure, type BenchSuite } from './harness';

const MB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const meta = (f: Record<string, string>) =>
  Object.entries(f)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

function pdf(size: number): Buffer {
  const b = randomBytes(size);
  Buffer.from('%PDF-1.7\n').copy(b, 0);
  return b;
}

async function bareServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/files-bare-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      const m = /listening on (\S+)/.exec(c.toString());
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGKILL') };
}

const seconds = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};

async function runDb(kind: DbKind, quick: boolean, log: (m: string) => void): Promise<BenchFigure[]> {
  const size = (quick ? 5 : 25) * MB;
  const parallel = quick ? 3 : 10;
  const repeat = quick ? 1 : 3;
  const db = await createDatabase(kind);
  const server = await startServerProcess(db, { env: { POSKO_FILES_KEY: 'cd'.repeat(32) } });
  const bare = await bareServer();
  try {
    const url = server.url;
    const admin = await loginAdmin(url);
    const officeId = await createOffice(url, admin, 'BEN');
    await createUser(url, admin, 'bench', 'operator', officeId);
    const user = await login(url, 'bench', USER_PASSWORD);
    const auth = { authorization: `Bearer ${user.token}`, 'tus-resumable': '1.0.0' };
    const c = newCase();
    await push(url, user, [c]);
    const newDocument = async () => {
      const id = uuidv7();
      await push(url, user, [
        mutation('create', 'documents', id, {
          caseId: c.recordId,
          type: 'passport_copy',
          status: 'requested',
        }),
      ]);
      return id;
    };
    const upload = async (documentId: string, file: Buffer) => {
      const created = await fetch(`${url}/v1/files`, {
        method: 'POST',
        headers: {
          ...auth,
          'upload-length': String(file.length),
          'upload-metadata': meta({
            documentId,
            sha256: sha(file),
            filename: 'scan.pdf',
            mimeType: 'application/pdf',
          }),
        },
      });
      if (created.status !== 201) throw new Error(`POST ${created.status} ${await created.text()}`);
      const res = await fetch(`${url}${created.headers.get('location')!}`, {
        method: 'PATCH',
        headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: file as unknown as BodyInit,
      });
      if (res.status !== 204) throw new Error(`PATCH ${res.status} ${await res.text()}`);
    };
    const download = async (documentId: string, expect: number) => {
      const res = await fetch(`${url}/v1/documents/${documentId}/file`, { headers: auth });
      const got = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200 || got !== expect) throw new Error(`download ${res.status} ${got}`);
    };

    // Warm-up (JIT, connections, first blob folder) with a small file.
    const warm = await newDocument();
    await upload(warm, pdf(256 * 1024));
    await download(warm, 256 * 1024);

    const up: number[] = [];
    const down: number[] = [];
    const rawUp: number[] = [];
    const rawDown: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const file = pdf(size);
      const documentId = await newDocument();
      up.push(await seconds(() => upload(documentId, file)));
      down.push(await seconds(() => download(documentId, size)));
      rawUp.push(
        await seconds(async () => {
          const res = await fetch(`${bare.url}/blob`, { method: 'PUT', body: file as unknown as BodyInit });
          await res.arrayBuffer();
        }),
      );
      rawDown.push(
        await seconds(async () => {
          const res = await fetch(`${bare.url}/blob`);
          await res.arrayBuffer();
        }),
      );
    }
    const mbps = (s: number[]) => size / MB / medianOf(s);
    log(
      `${kind}: upload ${mbps(up).toFixed(1)} MB/s (raw ${mbps(rawUp).toFixed(1)}), download ${mbps(down).toFixed(1)} MB/s (raw ${mbps(rawDown).toFixed(1)})`,
    );

    // RSS during parallel uploads, sampled every 10 ms.
    const files = Array.from({ length: parallel }, () => pdf(size));
    const docs = await Promise.all(files.map(() => newDocument()));
    await new Promise((r) => setTimeout(r, 300));
    const before = rssKiB(server.pid) ?? 0;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(server.pid) ?? 0)), 10);
    await Promise.all(files.map((f, i) => upload(docs[i]!, f)));
    clearInterval(sampler);
    const growthMb = (peak - before) / 1024;
    log(
      `${kind}: RSS ${(before / 1024).toFixed(0)} MB before, peak ${(peak / 1024).toFixed(0)} MB during ${parallel} x ${size / MB} MB uploads`,
    );

    const label = `${kind}, ${size / MB} MB`;
    const ratioFigure = (
      name: string,
      value: number,
      baseline: number,
      baselineLabel: string,
    ): BenchFigure => ({
      name,
      value: Number(value.toFixed(1)),
      unit: 'MB/s',
      baselineLabel,
      baseline: Number(baseline.toFixed(1)),
      ratio: Number((value / baseline).toFixed(2)),
      target: '>= 0.5x',
      meetsTarget: value / baseline >= 0.5,
    });
    return [
      ratioFigure(
        `files ${label}: upload (tus, verify, encrypt, store)`,
        mbps(up),
        mbps(rawUp),
        'raw HTTP PUT to a bare Node server',
      ),
      ratioFigure(
        `files ${label}: download (decrypt, audit)`,
        mbps(down),
        mbps(rawDown),
        'raw HTTP GET from a bare Node server',
      ),
      {
        name: `files ${label}: server RSS growth, ${parallel} parallel uploads`,
        value: Number(growthMb.toFixed(1)),
        unit: 'MB',
        baselineLabel: `${parallel} files held whole in memory`,
        baseline: (parallel * size) / MB,
        ratio: Number((growthMb / ((parallel * size) / MB)).toFixed(2)),
        target: '<= 64 MB',
        meetsTarget: growthMb <= 64,
      },
    ];
  } finally {
    bare.stop();
    await server.kill('SIGKILL');
    await db.drop();
  }
}

export const filesSuite: BenchSuite = {
  name: 'files',
  async run({ quick, log }) {
    const kinds = (process.env.POSKO_BENCH_DBS?.split(',') as DbKind[] | undefined) ?? ['sqlite', 'postgres'];
    const out: BenchFigure[] = [];
    for (const kind of kinds) out.push(...(await runDb(kind, quick, log)));
    return out;
  },
};
