// Operator console in real Chromium against the built console (dist/renderer,
// served by the real server): 100,000 cases (quick: 20,000) in IndexedDB.
//
// Seeding: rows are built in Node with the shared CaseRecord schema and the
// app's own caseSearchKeys(), then written in bulk with raw IndexedDB puts
// into the database the app's Dexie schema created (version 2), 5,000 per
// transaction. This skips the outbox on purpose: these are "already synced"
// cases, as after a first pull.
//
// Figures, each beside a baseline measured in the same page and run:
// - palette search (input event -> matching option rendered) by name,
//   passport, phone, employer phone (Saudi, with its trunk 0) and passport read
//   out in groups, p95; baseline: one IndexedDB get by primary key.
// - opening a case file (hash change -> case heading rendered); same baseline.
// - cold start to the first rendered list row with all cases; baseline: the
//   same cold start with an empty database.
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { CaseRecord, Employer } from '../../shared/domain/case';
import { CASE_STATUSES, PROBLEM_TYPES } from '../../shared/domain/enums';
import { caseSearchKeys } from '../../renderer/db/search-keys';
import { launchChromium, openConsolePage } from '../e2e/helpers/browser';
import { startConsoleServer } from '../e2e/helpers/console-server';
import { latencyFigure, medianOf, percentileOf, type BenchFigure, type BenchSuite } from './harness';

const FIRST = [
  'Siti',
  'Sri',
  'Dewi',
  'Nur',
  'Aminah',
  'Rina',
  'Yuli',
  'Eka',
  'Wati',
  'Ani',
  'Tuti',
  'Lestari',
];
const LAST = ['Rahayu', 'Wulandari', 'Handayani', 'Susanti', 'Lestari', 'Fitriani', 'Setiawati', 'Purnama'];
const COUNTRIES = ['MY', 'TW', 'HK', 'SA', 'SG', 'AE', 'KR', 'BN', 'QA', 'OM'];
const CHUNK = 5_000;

const template = CaseRecord.parse({
  id: '0196f000-0000-7000-8000-000000000000',
  rev: 1,
  seq: 1,
  updatedAt: '2025-01-01T00:00:00.000Z',
  updatedBy: 'seed',
  deleted: false,
  officeId: 'JKT',
  caseNumber: null,
  draftNumber: 'DRAFT-000000',
  receivedAt: '2025-01-01T00:00:00.000Z',
  channel: 'phone',
  receivedBy: 'seed',
  ownerId: 'op-1',
  status: 'received',
  urgency: 'normal',
  reporters: { r1: { name: 'x', role: 'family', relationship: 'parent' } },
});

/**
 * The i-th generated case: a unique passport, reporter phone, employer phone (Saudi) and
 * "worker <i>" token, realistic names otherwise.
 */
export function generatedCase(i: number): Record<string, unknown> {
  const id = uuidv7();
  const fullName = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} W${i}`;
  const phone = `+62812${String(10_000_000 + i).padStart(8, '0')}`;
  const record = {
    ...template,
    id,
    caseNumber: `JKT-2025-${String(i).padStart(6, '0')}`,
    draftNumber: `DRAFT-${id.slice(-6).toUpperCase()}`,
    receivedAt: new Date(Date.UTC(2024, 0, 1) + i * 300_000).toISOString(),
    status: CASE_STATUSES[i % 8]!,
    urgency: i % 17 === 0 ? ('urgent' as const) : ('normal' as const),
    mainProblem: PROBLEM_TYPES[i % PROBLEM_TYPES.length]!,
    destinationCountry: COUNTRIES[i % COUNTRIES.length]!,
    summary: `Generated case ${i}`,
    worker: { ...template.worker, fullName, passportNumber: `X${String(1_000_000 + i)}` },
    employers: {
      e1: Employer.parse({
        order: 0,
        name: `${LAST[(i * 3) % LAST.length]} Al-Harbi`,
        phone: `+96650${String(1_000_000 + i).padStart(7, '0')}`,
      }),
    },
    reporters: {
      r1: {
        ...template.reporters.r1!,
        name: `Ibu ${LAST[i % LAST.length]}`,
        phones: [{ e164: phone, whatsapp: false, verified: false }],
      },
    },
  };
  return { ...record, searchKeys: caseSearchKeys(record) };
}

async function seed(page: Page, count: number): Promise<void> {
  for (let start = 0; start < count; start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, count - start) }, (_, k) => generatedCase(start + k));
    // One JSON string crosses the CDP boundary far faster than 5,000 nested objects.
    await page.evaluate(async (json) => {
      const batch = JSON.parse(json) as unknown[];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('posko');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('cases', 'readwrite');
        const store = tx.objectStore('cases');
        for (const row of batch) store.put(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, JSON.stringify(rows));
  }
}

/** In-page: types `query` into the open palette and waits until an option shows `expect`. */
function paletteSearch(page: Page, query: string, expected: string): Promise<number> {
  return page.evaluate(
    async ([q, want]) => {
      const input = document.querySelector<HTMLInputElement>('.palette__input');
      if (!input) throw new Error('palette not open');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(input, '');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      setter.call(input, q);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      for (;;) {
        const list = document.getElementById('palette-results');
        if (list?.textContent?.includes(want)) return performance.now() - t0;
        if (performance.now() - t0 > 10_000) throw new Error(`no result for ${q}`);
        await new Promise((r) => setTimeout(r, 0));
      }
    },
    [query, expected] as const,
  );
}

/** In-page: one IndexedDB get by primary key on the cases store (the floor any lookup pays). */
function primaryKeyGet(page: Page, id: string): Promise<number> {
  return page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('posko');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const t0 = performance.now();
    await new Promise((resolve, reject) => {
      const req = db.transaction('cases').objectStore('cases').get(key);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const ms = performance.now() - t0;
    db.close();
    return ms;
  }, id);
}

/** In-page: hash change to the case -> its heading rendered. */
function openCase(page: Page, id: string, number: string): Promise<number> {
  return page.evaluate(
    async ([caseId, want]) => {
      const t0 = performance.now();
      location.hash = `#/case/${caseId}`;
      for (;;) {
        const heading = document.getElementById('case-title');
        if (heading?.textContent?.includes(want) && document.getElementById('case-contacts'))
          return performance.now() - t0;
        if (performance.now() - t0 > 10_000) throw new Error(`case ${want} did not open`);
        await new Promise((r) => setTimeout(r, 0));
      }
    },
    [id, number] as const,
  );
}

/**
 * Reload on the list; ms from navigation start to the first rendered row (or
 * the empty message). Since the login gate is mounted, a load starts locked and
 * the e2e helper unlocks it as op1 (local verifier): the figure includes that.
 */
async function coldStart(page: Page, baseUrl: string): Promise<number> {
  // A reload when already on the list (a repeated goto would only change the hash);
  // never via about:blank, whose own load event would start a second auto sign-in.
  const target = `${baseUrl}#/cases`;
  if (page.url() !== target) {
    await page.goto(target);
    // Let this load's auto sign-in finish: a reload in the middle of it would leave two sign-ins
    // typing into the next page's form at once (wrong credentials).
    await page.locator('.screen').first().waitFor();
  }
  await page.reload();
  // performance.now() is measured from this navigation's start.
  return page.evaluate(async () => {
    for (;;) {
      if (
        document.querySelector('.table__row--body .table__cell--number') ||
        document.querySelector('[data-testid="case-list-empty"]')
      )
        return performance.now();
      if (performance.now() > 60_000)
        throw new Error(`the list never rendered: ${document.body.innerText.slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  });
}

const p95 = (values: number[]) => percentileOf(values, 95);
export const consoleSuite: BenchSuite = {
  name: 'console (Chromium, IndexedDB)',
  async run(ctx) {
    const count = ctx.quick ? 20_000 : 100_000;
    const samples = ctx.quick ? 15 : 30;
    const server = await startConsoleServer();
    const browser = await launchChromium();
    try {
      // Baseline cold start: same page, empty database.
      const empty = await openConsolePage(browser);
      const emptyStarts: number[] = [];
      for (let i = 0; i < 3; i++) emptyStarts.push(await coldStart(empty.page, server.url));
      ctx.log(`empty cold starts: ${emptyStarts.map((v) => v.toFixed(0)).join(', ')} ms`);
      await empty.context.close();

      const { page, context } = await openConsolePage(browser);
      await page.goto(server.url);
      await page.locator('.screen').first().waitFor();
      const t0 = performance.now();
      await seed(page, count);
      ctx.log(
        `seeded ${count.toLocaleString('en')} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );

      const starts: number[] = [];
      for (let i = 0; i < 3; i++) starts.push(await coldStart(page, server.url));
      ctx.log(`cold starts: ${starts.map((v) => v.toFixed(0)).join(', ')} ms`);
      const shown = await page.getByTestId('case-count').innerText();
      ctx.log(`list says: ${shown}`);

      const targets = Array.from({ length: samples }, (_, k) => Math.floor(((k + 0.5) * count) / samples));
      const rows = await page.evaluate(async (indexes) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('posko');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const store = db.transaction('cases').objectStore('cases').index('caseNumber');
        const found = await Promise.all(
          indexes.map(
            (i) =>
              new Promise<{ id: string; caseNumber: string }>((resolve, reject) => {
                const req = store.get(`JKT-2025-${String(i).padStart(6, '0')}`);
                req.onsuccess = () => resolve({ id: req.result.id, caseNumber: req.result.caseNumber });
                req.onerror = () => reject(req.error);
              }),
          ),
        );
        db.close();
        return found;
      }, targets);

      const baseline: number[] = [];
      for (const row of rows) baseline.push(await primaryKeyGet(page, row.id));

      await page.keyboard.press('Control+k');
      await page.locator('.palette__input').waitFor();
      const byName: number[] = [];
      const byPassport: number[] = [];
      const byPhone: number[] = [];
      const byEmployerPhone: number[] = [];
      const byPassportGroups: number[] = [];
      for (const [k, i] of targets.entries()) {
        const number = rows[k]!.caseNumber;
        byName.push(await paletteSearch(page, `${FIRST[i % FIRST.length]} W${i}`, number));
        byPassport.push(await paletteSearch(page, `x${1_000_000 + i}`, number));
        byPhone.push(await paletteSearch(page, `0812 ${String(10_000_000 + i).padStart(8, '0')}`, number));
        // As read out from the employer's contract: the Saudi mobile with its trunk 0.
        byEmployerPhone.push(
          await paletteSearch(page, `050 ${String(1_000_000 + i).padStart(7, '0')}`, number),
        );
        const passport = String(1_000_000 + i);
        byPassportGroups.push(
          await paletteSearch(page, `X ${passport.slice(0, 3)} ${passport.slice(3)}`, number),
        );
      }
      await page.keyboard.press('Escape');
      const medians = { byName, byPassport, byPhone, byEmployerPhone, byPassportGroups };
      ctx.log(
        `palette medians: ${Object.entries(medians)
          .map(([label, values]) => `${label} ${medianOf(values).toFixed(1)} ms`)
          .join(', ')}`,
      );

      const opens: number[] = [];
      for (const row of rows.slice(0, Math.min(10, rows.length))) {
        await page.evaluate(() => (location.hash = '#/today'));
        await page.waitForTimeout(50);
        opens.push(await openCase(page, row.id, row.caseNumber));
      }
      await context.close();

      const base = medianOf(baseline);
      const baseLabel = 'IndexedDB get by primary key (median)';
      const n = `${count.toLocaleString('en')} cases`;
      const figures: BenchFigure[] = [
        latencyFigure(`palette search by worker name, p95 (${n})`, p95(byName), base, baseLabel, 30),
        latencyFigure(`palette search by passport, p95 (${n})`, p95(byPassport), base, baseLabel, 30),
        latencyFigure(`palette search by phone 08…, p95 (${n})`, p95(byPhone), base, baseLabel, 30),
        latencyFigure(
          `palette search by employer phone, p95 (${n})`,
          p95(byEmployerPhone),
          base,
          baseLabel,
          30,
        ),
        latencyFigure(
          `palette search by passport in groups, p95 (${n})`,
          p95(byPassportGroups),
          base,
          baseLabel,
          30,
        ),
        latencyFigure(`open a case file to content, median (${n})`, medianOf(opens), base, baseLabel, 100),
        latencyFigure(
          `cold start to first list row, median (${n})`,
          medianOf(starts),
          medianOf(emptyStarts),
          'cold start with an empty database (median)',
          1500,
        ),
      ];
      figures.forEach((f) => (f.note = 'Chromium headless, dist/renderer served by the real server'));
      return figures;
    } finally {
      await browser.close();
      await server.close();
    }
  },
};
