// Crash safety: several clients push through their outboxes while the server
// process is SIGKILLed at random moments and restarted. A client keeps a batch
// at the head of its outbox until it receives the results, and retries it with
// the same mutationIds, exactly like the console's sync engine.
import type { AuditEntry, Mutation, MutationResult } from '../../shared/sync/protocol';
import {
  auditAll,
  createOffice,
  createUser,
  editCase,
  login,
  loginAdmin,
  newCase,
  newContact,
  pullAll,
  push,
  USER_PASSWORD,
  verifyAudit,
  type Session,
} from '../load/api-client';
import {
  createDatabase,
  freePort,
  startServerProcess,
  type DbKind,
  type ServerProcess,
} from '../load/server-process';

export interface CrashOptions {
  kills: number;
  clients: number;
  batch: number;
  /** Random pause before each kill, in ms. */
  minUpMs: number;
  maxUpMs: number;
  log?: (msg: string) => void;
}

export interface CrashReport {
  kills: number;
  generated: number;
  acknowledged: number;
  retriedBatches: number;
  duplicatesReturned: number;
  rejected: MutationResult[];
  undrained: number;
  /** mutationIds acknowledged as applied/merged/conflict without exactly one such audit entry. */
  auditProblems: string[];
  /** Records whose server state differs from what the acknowledged mutations imply. */
  recordProblems: string[];
  auditVerify: {
    ok: boolean;
    entries: number;
    firstBrokenSeq?: number;
    problems?: string[];
    records?: { mismatched: number };
  };
}

interface CaseState {
  rev: number;
  summary: string;
  edits: number;
}

class CrashClient {
  readonly outbox: Mutation[] = [];
  readonly acked = new Map<string, MutationResult>();
  readonly generated = new Map<string, Mutation>();
  /** Cases the server acknowledged; only they get edits and contacts (like a real console after sync). */
  readonly cases = new Map<string, CaseState>();
  readonly contacts = new Set<string>();
  /** Expected summary per case, including edits still in the outbox. */
  private readonly localSummary = new Map<string, string>();
  retried = 0;
  generating = true;
  /** Set when the scenario gives up waiting, so a stuck client does not run forever. */
  stopped = false;

  constructor(
    private readonly server: () => string,
    readonly session: Session,
    private readonly batch: number,
  ) {}

  private generate(): void {
    if (!this.generating || this.outbox.length >= this.batch * 3) return;
    const ids = [...this.cases.keys()];
    for (let i = 0; i < 1 + Math.floor(Math.random() * this.batch); i++) {
      const r = Math.random();
      const caseId = ids[Math.floor(Math.random() * ids.length)];
      let m: Mutation;
      if (!caseId || r < 0.5) m = newCase();
      else if (r < 0.75) m = newContact(caseId);
      else {
        const state = this.cases.get(caseId)!;
        const prior = this.localSummary.get(caseId) ?? state.summary;
        const next = `edit ${m0()} by ${this.session.userId}`;
        m = editCase(caseId, state.rev, prior, next);
        this.localSummary.set(caseId, next);
      }
      this.outbox.push(m);
      this.generated.set(m.mutationId, m);
    }
  }

  private acknowledge(m: Mutation, r: MutationResult): void {
    this.acked.set(m.mutationId, r);
    const outcome = r.outcome === 'duplicate' ? r.firstOutcome : r.outcome;
    if (outcome === 'rejected' || outcome === undefined) return;
    if (m.table === 'cases' && m.op === 'create') {
      this.cases.set(m.recordId, { rev: r.rev ?? 1, summary: String(m.patch.summary), edits: 0 });
    } else if (m.table === 'contacts') {
      this.contacts.add(m.recordId);
    } else if (m.op === 'update') {
      const state = this.cases.get(m.recordId)!;
      state.edits += 1;
      state.summary = String(m.patch.summary);
      if (r.rev !== undefined) state.rev = Math.max(state.rev, r.rev);
    }
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      this.generate();
      if (!this.outbox.length) {
        if (!this.generating) return;
        await sleep(5);
        continue;
      }
      const batch = this.outbox.slice(0, this.batch);
      let results: MutationResult[];
      try {
        results = await push(this.server(), this.session, batch);
      } catch {
        // Lost connection, refused connection or a 5xx during the crash: the same batch goes again.
        this.retried += 1;
        await sleep(50 + Math.random() * 150);
        continue;
      }
      if (results.length !== batch.length) throw new Error('push returned a wrong number of results');
      batch.forEach((m, i) => this.acknowledge(m, results[i]!));
      this.outbox.splice(0, batch.length);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let edits = 0;
const m0 = () => (edits++).toString(36);

export async function runCrashScenario(kind: DbKind, opts: CrashOptions): Promise<CrashReport> {
  const log = opts.log ?? (() => {});
  const db = await createDatabase(kind);
  const port = await freePort();
  let server: ServerProcess = await startServerProcess(db, { port });
  const url = () => server.url;
  try {
    const admin = await loginAdmin(url());
    const offices = [await createOffice(url(), admin, 'CRA'), await createOffice(url(), admin, 'CRB')];
    const tag = Date.now().toString(36);
    await createUser(url(), admin, `auditor-${tag}`, 'auditor', null);
    const auditor = await login(url(), `auditor-${tag}`, USER_PASSWORD);
    const supervisors: Session[] = [];
    for (const [i, officeId] of offices.entries()) {
      await createUser(url(), admin, `sup${i}-${tag}`, 'supervisor', officeId);
      supervisors.push(await login(url(), `sup${i}-${tag}`, USER_PASSWORD));
    }
    const clients: CrashClient[] = [];
    for (let i = 0; i < opts.clients; i++) {
      await createUser(url(), admin, `op${i}-${tag}`, 'operator', offices[i % offices.length]!);
      clients.push(new CrashClient(url, await login(url(), `op${i}-${tag}`, USER_PASSWORD), opts.batch));
    }

    const running = clients.map((c) => c.run());
    for (let k = 0; k < opts.kills; k++) {
      await sleep(opts.minUpMs + Math.random() * (opts.maxUpMs - opts.minUpMs));
      const before = clients.reduce((n, c) => n + c.acked.size, 0);
      await server.kill('SIGKILL');
      server = await startServerProcess(db, { port });
      log(`kill ${k + 1}/${opts.kills}: ${before} acknowledged before it, restarted`);
    }
    await sleep(opts.minUpMs);
    for (const c of clients) c.generating = false;
    const drained = await Promise.race([
      Promise.all(running).then(() => true),
      sleep(90_000).then(() => false),
    ]);
    if (!drained) {
      log('outboxes did not drain within 90 s');
      for (const c of clients) c.stopped = true;
    }

    const audit = await auditAll(url(), auditor);
    const finalOutcomes = new Map<string, AuditEntry[]>();
    for (const e of audit) {
      if (!e.mutationId || e.outcome === 'duplicate') continue;
      finalOutcomes.set(e.mutationId, [...(finalOutcomes.get(e.mutationId) ?? []), e]);
    }
    const auditProblems: string[] = [];
    const rejected: MutationResult[] = [];
    let duplicatesReturned = 0;
    for (const c of clients) {
      for (const [id, r] of c.acked) {
        if (r.outcome === 'duplicate') duplicatesReturned += 1;
        const outcome = r.outcome === 'duplicate' ? r.firstOutcome : r.outcome;
        if (outcome === 'rejected') rejected.push(r);
        const entries = finalOutcomes.get(id) ?? [];
        if (entries.length !== 1 || entries[0]!.outcome !== outcome)
          auditProblems.push(`${id}: acknowledged ${outcome}, audit has ${entries.map((e) => e.outcome)}`);
      }
    }
    const known = new Set(clients.flatMap((c) => [...c.generated.keys()]));
    for (const id of finalOutcomes.keys())
      if (!known.has(id)) auditProblems.push(`${id}: in the audit but never generated`);

    const recordProblems: string[] = [];
    const records = new Map<string, Record<string, unknown>>();
    for (const s of supervisors) for (const [k, v] of (await pullAll(url(), s)).records) records.set(k, v);
    for (const c of clients) {
      for (const [id, state] of c.cases) {
        const rec = records.get(`cases:${id}`);
        if (!rec) recordProblems.push(`case ${id} acknowledged but missing`);
        else if (rec.rev !== 1 + state.edits || rec.summary !== state.summary)
          recordProblems.push(
            `case ${id}: rev ${String(rec.rev)} summary ${String(rec.summary)}, expected rev ${1 + state.edits} ${state.summary}`,
          );
      }
      for (const id of c.contacts)
        if (!records.has(`contacts:${id}`)) recordProblems.push(`contact ${id} acknowledged but missing`);
    }
    const expected = clients.reduce((n, c) => n + c.cases.size + c.contacts.size, 0);
    if (records.size !== expected)
      recordProblems.push(`server has ${records.size} records, clients acknowledged ${expected}`);

    return {
      kills: opts.kills,
      generated: known.size,
      acknowledged: clients.reduce((n, c) => n + c.acked.size, 0),
      retriedBatches: clients.reduce((n, c) => n + c.retried, 0),
      duplicatesReturned,
      rejected,
      undrained: clients.reduce((n, c) => n + c.outbox.length, 0),
      auditProblems,
      recordProblems,
      auditVerify: await verifyAudit(url(), auditor),
    };
  } finally {
    await server.kill('SIGTERM');
    await db.drop();
  }
}
