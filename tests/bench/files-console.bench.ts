// Document files, console side (issue 16): the first download of 100 files of 1 MB (quick: 10 of
// 256 KB) to a fresh console in real Chromium, through "Make this case available offline" on
// each case (download with progress, SHA-256 check, AES-GCM encryption into IndexedDB), beside a
// raw fetch of the same files from the same page and server (no check, no encryption, no store).
//
// Setup in Node: a console of operator op1 on fake-indexeddb (the app's Repository, sync engine
// and uploader) creates the cases and documents, attaches the files, pushes and uploads them.
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { DOCUMENT_TYPES } from '../../shared/domain/enums';
import { createFileCipher, type SecretStore } from '../../renderer/db/file-crypto';
import { Repository } from '../../renderer/db/repository';
import { DexieUploadStore } from '../../renderer/db/upload-queue';
import { FileUploader } from '../../renderer/files/uploader';
import { launchChromium, openConsolePage } from '../e2e/helpers/browser';
import { startConsoleServer } from '../e2e/helpers/console-server';
import { TestClient } from '../integration/support/harness';
import { freshDb } from '../integration/support/local-client';
import { createSharedCase } from '../integration/support/scenario';
import { latencyFigure, type BenchSuite } from './harness';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function memoryCipher() {
  const map = new Map<string, string>();
  const secrets: SecretStore = {
    get: async (k) => map.get(k) ?? null,
    set: async (k, v) => void map.set(k, v),
  };
  return createFileCipher(secrets);
}

export const filesConsoleSuite: BenchSuite = {
  name: 'Document files in the console (Chromium)',
  async run({ quick, log }) {
    const count = quick ? 10 : 100;
    const size = quick ? 256 * 1024 : 1024 * 1024;
    const server = await startConsoleServer();
    const browser = await launchChromium();
    try {
      const base = server.url.replace(/\/+$/, '');
      const { op1, op2 } = server.users;
      const seed = new TestClient(
        'bench-files',
        freshDb('bench-files'),
        op1.id,
        server.office.id,
        'e2e-setup',
        {
          baseUrl: () => base,
        },
      );
      seed.token = await server.login(op1.username, op1.password);
      const cipher = memoryCipher();
      const repo = new Repository(seed.db, {
        actor: () => ({ actorId: op1.id, deviceId: 'e2e-setup', officeId: server.office.id }),
        fileCipher: cipher,
      });
      const cases: Array<{ id: string; docs: string[] }> = [];
      let made = 0;
      while (made < count) {
        const caseId = await createSharedCase(seed);
        const types = DOCUMENT_TYPES.slice(0, Math.min(DOCUMENT_TYPES.length, count - made));
        const docs = await repo.requestDocuments(caseId, [...types]);
        for (const doc of docs) {
          const bytes = Buffer.concat([PNG_MAGIC, randomBytes(size - PNG_MAGIC.length)]);
          await repo.attachDocumentFile(doc.id, { name: `${doc.type}.png`, mimeType: 'image/png', bytes });
        }
        cases.push({ id: caseId, docs: docs.map((d) => d.id) });
        made += docs.length;
      }
      await seed.syncUntilOk();
      const uploader = new FileUploader({
        store: new DexieUploadStore(seed.db, () => cipher),
        baseUrl: () => base,
        getToken: () => seed.token,
        chunkSize: 8 * 1024 * 1024,
      });
      await uploader.runOnce();
      const left = await seed.db.uploads.count();
      if (left > 0) throw new Error(`${left} files did not upload during setup`);
      log(`seeded ${count} files of ${size / 1024} KB in ${cases.length} cases`);

      // A fresh console of operator op2: empty IndexedDB, first sync, then every case pinned.
      const { page, errors } = await openConsolePage(browser, { signInAs: op2 });
      await page.goto(server.url);
      await page.locator('.app').waitFor({ timeout: 60_000 });
      const token = await server.login(op2.username, op2.password);
      let consoleMs = 0;
      for (const kase of cases) {
        await page.goto(`${base}/#/case/${kase.id}`);
        const button = page.getByTestId('case-offline');
        await button.waitFor({ timeout: 60_000 });
        // The pull has brought every document with its storedFile before the clock starts.
        await page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid="file-state"][data-state="stored"]').length === n,
          kase.docs.length,
          { timeout: 60_000 },
        );
        consoleMs += await page.evaluate(async (n) => {
          const t0 = performance.now();
          document.querySelector<HTMLButtonElement>('[data-testid="case-offline"]')!.click();
          for (;;) {
            const kept = [...document.querySelectorAll('[data-testid="file-state"]')].filter((el) =>
              el.textContent?.includes('juga ada di perangkat ini'),
            ).length;
            if (kept === n) return performance.now() - t0;
            if (performance.now() - t0 > 300_000) throw new Error('files did not download');
            await new Promise((r) => setTimeout(r, 5));
          }
        }, kase.docs.length);
      }
      const rawMs = await page.evaluate(
        async ([url, bearer, ids]) => {
          const t0 = performance.now();
          for (const id of ids) {
            const response = await fetch(`${url}/v1/documents/${id}/file`, {
              headers: { Authorization: `Bearer ${bearer}` },
            });
            await response.arrayBuffer();
          }
          return performance.now() - t0;
        },
        [base, token, cases.flatMap((c) => c.docs)] as const,
      );
      if (errors.length > 0) log(`page errors: ${errors.slice(0, 3).join(' | ')}`);
      log(`console ${consoleMs.toFixed(0)} ms, raw fetch ${rawMs.toFixed(0)} ms`);
      await seed.close();
      return [
        latencyFigure(
          `first download of ${count} files of ${size / (1024 * 1024)} MB to a fresh console ("available offline")`,
          consoleMs,
          rawMs,
          'raw fetch of the same files, same page and server',
          null,
        ),
      ];
    } finally {
      await browser.close();
      await server.close();
    }
  },
};
