// Parties of an existing case (reporters, worker, destination, employers,
// agency) as intake form values and back, as leaf-path changes: an edit of
// one passport number is one leaf in one outbox mutation, so it merges with
// other people's edits of the same case instead of overwriting them.
import type { CaseRecord, Phone } from '../../../shared/domain/case';
import type { Json } from '../../../shared/sync/paths';
import type { RecordChanges } from '../../db/repository';
import { EMPTY_EMPLOYER, normalizePassport, splitAliases } from '../cases/new-case-schema';
import type { NewCaseFormOutput, NewCaseFormValues } from '../cases/new-case-schema';
import { normalizePhoneText, toE164 } from '../cases/phone';

type Parties = Pick<
  CaseRecord,
  'reporters' | 'worker' | 'employers' | 'agency' | 'destinationCountry' | 'missionId' | 'summary'
> &
  Partial<CaseRecord>;

const byOrder = <T extends { order: number }>(map: Record<string, T>): [string, T][] =>
  Object.entries(map).sort(([, a], [, b]) => a.order - b.order);

/** The intake form filled from a case; the map keys are returned in form order. */
export function partiesFormValues(record: Parties): {
  values: NewCaseFormValues;
  reporterKeys: string[];
  employerKeys: string[];
} {
  const reporters = byOrder(record.reporters);
  const employers = byOrder(record.employers);
  const w = record.worker;
  const a = record.agency;
  return {
    reporterKeys: reporters.map(([key]) => key),
    employerKeys: employers.map(([key]) => key),
    values: {
      channel: record.channel ?? 'phone',
      urgency: record.urgency ?? 'normal',
      dangerSigns: record.dangerSigns ?? [],
      mainProblem: record.mainProblem ?? '',
      problemTypes: record.problemTypes ?? [],
      summary: record.summary,
      demands: record.demands ?? '',
      chronology: record.chronology ?? '',
      reporters: reporters.map(([, r]) => ({
        name: r.name,
        role: r.role,
        relationship: r.relationship,
        phone: r.phones[0]?.e164 ?? '',
        whatsapp: r.phones[0]?.whatsapp ?? false,
        mayDisclose: r.mayDisclose,
        consent: r.consentAt !== null,
      })),
      workerName: w.fullName,
      aliases: w.aliases.join(', '),
      sex: w.sex ?? '',
      passportNumber: w.passportNumber ?? '',
      workerNik: w.nik ?? '',
      workerCardNumber: w.workerCardNumber ?? '',
      workerPhone: w.phones[0]?.e164 ?? '',
      departureDate: w.departureDate ?? '',
      jobSector: w.jobSector ?? '',
      departureRoute: w.departureRoute ?? '',
      destinationCountry: record.destinationCountry ?? '',
      missionId: record.missionId ?? '',
      employers:
        employers.length > 0
          ? employers.map(([, e]) => ({
              name: e.name,
              phone: e.phone ?? '',
              city: e.city ?? '',
              periodFrom: e.periodFrom ?? '',
              periodTo: e.periodTo ?? '',
            }))
          : [EMPTY_EMPLOYER],
      agencyName: a.name ?? '',
      agencyLicence: a.licenceNumber ?? '',
      agencyContact: a.contactPerson ?? '',
      agencyPhone: a.phone ?? '',
      partnerAbroad: a.partnerAbroad ?? '',
      brokerName: a.brokerName ?? '',
      brokerPhone: a.brokerPhone ?? '',
      documents: [],
    },
  };
}

/** The first phone as typed in the form, the others (not shown in the form) kept as they were. */
function mergePhones(existing: readonly Phone[], typed: string, whatsapp: boolean): Phone[] {
  const e164 = toE164(typed);
  const rest = existing.slice(1);
  if (!e164) return rest;
  const first = existing[0];
  const verified = first?.e164 === e164 ? first.verified : false;
  return [{ e164, whatsapp, verified }, ...rest.filter((p) => p.e164 !== e164)];
}

const orNull = (value: string): string | null => (value === '' ? null : value);
/** A text phone as E.164 once edited; left as stored while untouched (no change in the audit). */
const phoneAsEdited = (typed: string, stored: string | null | undefined): string | null =>
  typed === (stored ?? '') ? (stored ?? null) : normalizePhoneText(typed);
const nextOrder = (map: Record<string, { order: number }>) =>
  Object.values(map).reduce((max, item) => Math.max(max, item.order), -1) + 1;

/**
 * Leaf-path changes that bring the case's parties to the form values. New
 * reporters and employers get a random key (two laptops adding one offline
 * must not write into the same map entry) and the next order in the history.
 */
export function partiesChanges(
  record: Parties,
  form: NewCaseFormOutput,
  keys: { reporterKeys: readonly string[]; employerKeys: readonly string[] },
  context: { now: string; actorId: string; newKey: () => string },
): RecordChanges {
  const changes: RecordChanges = {};
  const put = (path: string, value: Json) => (changes[path] = value);

  let reporterOrder = nextOrder(record.reporters);
  form.reporters.forEach((typed, index) => {
    const key = keys.reporterKeys[index];
    const existing = key ? record.reporters[key] : undefined;
    const prefix = `reporters.${key ?? `r-${context.newKey()}`}`;
    const consentAt = typed.consent ? (existing?.consentAt ?? context.now) : null;
    const consentBy = typed.consent ? (existing?.consentBy ?? context.actorId) : null;
    if (!existing) put(`${prefix}.order`, reporterOrder++);
    put(`${prefix}.name`, typed.name);
    put(`${prefix}.role`, typed.role);
    put(`${prefix}.relationship`, typed.relationship || 'other');
    put(`${prefix}.phones`, mergePhones(existing?.phones ?? [], typed.phone, typed.whatsapp));
    put(`${prefix}.mayDisclose`, typed.mayDisclose);
    put(`${prefix}.consentAt`, consentAt);
    put(`${prefix}.consentBy`, consentBy);
  });

  const w = record.worker;
  put('worker.fullName', form.workerName);
  put('worker.aliases', splitAliases(form.aliases));
  put('worker.sex', orNull(form.sex));
  put('worker.passportNumber', form.passportNumber === '' ? null : normalizePassport(form.passportNumber));
  put('worker.nik', orNull(form.workerNik));
  put('worker.workerCardNumber', orNull(form.workerCardNumber));
  put('worker.departureDate', orNull(form.departureDate));
  put('worker.jobSector', orNull(form.jobSector));
  put('worker.departureRoute', orNull(form.departureRoute));
  put('worker.phones', mergePhones(w.phones, form.workerPhone, w.phones[0]?.whatsapp ?? false));
  put('destinationCountry', orNull(form.destinationCountry));
  put('missionId', orNull(form.missionId));

  let employerOrder = nextOrder(record.employers);
  form.employers.forEach((typed, index) => {
    const key = keys.employerKeys[index];
    // An empty new row is the "add one" placeholder, not an employer.
    if (!key && typed.name === '') return;
    const prefix = `employers.${key ?? `e-${context.newKey()}`}`;
    if (!key) {
      put(`${prefix}.order`, employerOrder++);
      put(`${prefix}.country`, orNull(form.destinationCountry));
      put(`${prefix}.source`, 'case_file');
    }
    put(`${prefix}.name`, typed.name);
    put(`${prefix}.phone`, phoneAsEdited(typed.phone, key ? record.employers[key]?.phone : null));
    put(`${prefix}.city`, orNull(typed.city));
    put(`${prefix}.periodFrom`, orNull(typed.periodFrom));
    put(`${prefix}.periodTo`, orNull(typed.periodTo));
  });

  put('agency.name', orNull(form.agencyName));
  put('agency.licenceNumber', orNull(form.agencyLicence));
  put('agency.contactPerson', orNull(form.agencyContact));
  put('agency.phone', phoneAsEdited(form.agencyPhone, record.agency.phone));
  put('agency.partnerAbroad', orNull(form.partnerAbroad));
  put('agency.brokerName', orNull(form.brokerName));
  put('agency.brokerPhone', phoneAsEdited(form.brokerPhone, record.agency.brokerPhone));
  return changes;
}
