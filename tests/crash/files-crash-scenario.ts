// Crash safety of document files (issue 16): files of 1-25 MB are uploaded
// with tus while the server process is SIGKILLed at random moments and
// restarted. The client does what tus-js-client does: after any failure it
// asks HEAD for the offset and goes on from there. Proves: every file ends
// stored exactly once with the right hash; no acknowledged byte is lost, so an
// interruption costs at most the one chunk in flight; a download never serves
// bytes other than the stored file's (checked on every 200 during the run).
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  createOffice,
  createUser,
  login,
  loginAdmin,
  push,
  mutation,
  newCase,
  USER_PASSWORD,
} from '../load/api-client';
import {
  createDatabase,
  freePort,
  startServerProcess,
  type DbKind,
  type ServerProcess,
} from '../load/server-process';

export interface FilesCrashOptions {
  kills: number;
  minMb: number;
  maxMb: number;
  chunkBytes: number;
  minUpMs: number;
  maxUpMs: number;
  log?: (msg: string) => void;
}

export interface FilesCrashReport {
  kills: number;
  files: number;
  bytes: number;
  interruptions: number;
  /** Largest number of bytes sent again after one interruption (must be <= one chunk). */
  maxResentBytes: number;
  /** Bytes acknowledged (204) that a later HEAD no longer had: must be 0. */
  lostAcknowledgedBytes: number;
  /** Documents whose stored file is not exactly the uploaded one, once. */
  problems: string[];
  /** 200 answers whose body was not the stored file. */
  badDownloads: number;
  downloadsChecked: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Deterministic bytes that start like a PDF (cheap to make: a counter-mode hash stream). */
function makeFile(index: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  let at = 0;
  for (let block = 0; at < size; block++) {
    const h = createHash('sha512').update(`${index}:${block}`).digest();
    at += h.copy(out, at);
  }
  Buffer.from('%PDF-1.7\n').copy(out, 0);
  return out;
}

const meta = (f: Record<string, string>) =>
  Object.entries(f)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

export async function runFilesCrashScenario(
  kind: DbKind,
  opts: FilesCrashOptions,
): Promise<FilesCrashReport> {
  const log = opts.log ?? (() => undefined);
  const db = await createDatabase(kind);
  const port = await freePort();
  // A fixed key: the same on every restart (SQLite would also keep its key file).
  const env = { POSKO_FILES_KEY: 'ab'.repeat(32) };
  let server: ServerProcess = await startServerProcess(db, { port, env });
  const url = server.url;
  const report: FilesCrashReport = {
    kills: 0,
    files: 0,
    bytes: 0,
    interruptions: 0,
    maxResentBytes: 0,
    lostAcknowledgedBytes: 0,
    problems: [],
    badDownloads: 0,
    downloadsChecked: 0,
  };
  try {
    const admin = await loginAdmin(url);
    const officeId = await createOffice(url, admin, 'CRS');
    await createUser(url, admin, 'uploader', 'operator', officeId);
    const user = await login(url, 'uploader', USER_PASSWORD);
    const auth = { authorization: `Bearer ${user.token}`, 'tus-resumable': '1.0.0' };
    const c = newCase();
    await push(url, user, [c]);

    let uploading = true;
    let patchInFlight = false;
    let restarting: Promise<void> = Promise.resolve();
    const killer = (async () => {
      while (uploading && report.kills < opts.kills) {
        await sleep(opts.minUpMs + Math.random() * (opts.maxUpMs - opts.minUpMs));
        // Then at a random moment inside a PATCH (receiving, staging, or verifying and storing).
        while (uploading && !patchInFlight) await sleep(2);
        await sleep(Math.random() * 25);
        if (!uploading) break;
        let done!: () => void;
        restarting = new Promise((r) => (done = r));
        await server.kill('SIGKILL');
        report.kills += 1;
        log(`kill ${report.kills}`);
        server = await startServerProcess(db, { port, env });
        done();
      }
    })();

    /** Retries `fn` across restarts (fetch fails while the server is down). */
    const retry = async <T>(fn: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await fn();
        } catch {
          await restarting;
          await sleep(100);
        }
      }
    };

    const uploaded: { documentId: string; sha256: string; size: number }[] = [];
    const checkDownload = async (d: (typeof uploaded)[number]) => {
      try {
        const res = await fetch(`${url}/v1/documents/${d.documentId}/file`, { headers: auth });
        if (res.status !== 200) return;
        const body = Buffer.from(await res.arrayBuffer());
        report.downloadsChecked += 1;
        if (sha(body) !== d.sha256) report.badDownloads += 1;
      } catch {
        // the server went down mid-answer: nothing served whole, nothing to judge
      }
    };

    for (let i = 0; report.kills < opts.kills || i < 3; i++) {
      const size = Math.floor((opts.minMb + Math.random() * (opts.maxMb - opts.minMb)) * 1024 * 1024);
      const file = makeFile(i, size);
      const hash = sha(file);
      const documentId = uuidv7();
      await retry(() =>
        push(url, user, [
          mutation('create', 'documents', documentId, {
            caseId: c.recordId,
            type: 'passport_copy',
            status: 'requested',
          }),
        ]),
      );
      const location = await retry(async () => {
        const res = await fetch(`${url}/v1/files`, {
          method: 'POST',
          headers: {
            ...auth,
            'upload-length': String(size),
            'upload-metadata': meta({
              documentId,
              sha256: hash,
              filename: `file-${i}.pdf`,
              mimeType: 'application/pdf',
            }),
          },
        });
        if (res.status !== 201) throw new Error(`POST ${res.status}`);
        return res.headers.get('location')!;
      });
      let acked = 0;
      /** The PATCH that failed, if the last one did: the bytes it carried. */
      let flight: { start: number; end: number } | undefined;
      for (;;) {
        let offset: number;
        try {
          const res = await fetch(`${url}${location}`, { method: 'HEAD', headers: auth });
          if (res.status !== 200) throw new Error(`HEAD ${res.status}`);
          offset = Number(res.headers.get('upload-offset'));
        } catch {
          await restarting;
          await sleep(100);
          continue;
        }
        if (acked > offset) report.lostAcknowledgedBytes += acked - offset;
        if (flight) {
          // What the interruption costs: the bytes of the failed PATCH the server did not keep.
          report.interruptions += 1;
          report.maxResentBytes = Math.max(
            report.maxResentBytes,
            flight.end - Math.max(offset, flight.start),
          );
          if (offset < flight.start)
            report.maxResentBytes = Math.max(report.maxResentBytes, flight.end - offset);
          flight = undefined;
        }
        if (offset === size) break;
        const end = Math.min(size, offset + opts.chunkBytes);
        patchInFlight = true;
        try {
          const res = await fetch(`${url}${location}`, {
            method: 'PATCH',
            headers: {
              ...auth,
              'upload-offset': String(offset),
              'content-type': 'application/offset+octet-stream',
            },
            body: file.subarray(offset, end) as unknown as BodyInit,
          });
          await res.arrayBuffer();
          patchInFlight = false;
          if (res.status !== 204) throw new Error(`PATCH ${res.status}`);
          acked = Number(res.headers.get('upload-offset'));
          if (acked === size) break;
        } catch {
          patchInFlight = false;
          flight = { start: offset, end };
          await restarting;
          await sleep(100);
        }
      }
      uploaded.push({ documentId, sha256: hash, size });
      report.files += 1;
      report.bytes += size;
      // Downloads during the run (the killer keeps going): any 200 must be the whole, right file.
      await checkDownload(uploaded[Math.floor(Math.random() * uploaded.length)]!);
    }
    uploading = false;
    await killer;
    await restarting;

    for (const d of uploaded) {
      const list = await retry(async () => {
        const res = await fetch(`${url}/v1/documents/${d.documentId}/files`, { headers: auth });
        if (res.status !== 200) throw new Error(`versions ${res.status}`);
        return (await res.json()) as { versions: { sha256: string; size: number }[] };
      });
      if (
        list.versions.length !== 1 ||
        list.versions[0]!.sha256 !== d.sha256 ||
        list.versions[0]!.size !== d.size
      )
        report.problems.push(`${d.documentId}: ${JSON.stringify(list.versions)}`);
      const res = await retry(() => fetch(`${url}/v1/documents/${d.documentId}/file`, { headers: auth }));
      const body = Buffer.from(await res.arrayBuffer());
      report.downloadsChecked += 1;
      if (res.status !== 200 || sha(body) !== d.sha256)
        report.problems.push(`${d.documentId}: download ${res.status}`);
    }
    return report;
  } finally {
    await server.kill('SIGKILL');
    await db.drop();
  }
}
