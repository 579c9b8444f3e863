// The intake form's own schema (strings as typed) and its mapping to a case
// record. Messages are i18n keys; the record schema in shared/ still has the
// last word when the repository validates.
import { z } from 'zod';
import {
  Channel,
  DangerSign,
  DepartureRoute,
  DocumentType,
  JobSector,
  ProblemType,
  Relationship,
  ReporterRole,
  Sex,
  Urgency,
} from '../../../shared/domain/enums';
import type { DocumentType as DocumentTypeCode } from '../../../shared/domain/enums';
import { departureInFuture, periodEndsBeforeStart } from '../../../shared/domain/date-rules';
import { isNik, isPassportNumber, normalizePassport } from '../../../shared/domain/identity-numbers';
import { urgencyForDanger } from '../../../shared/domain/legal';
import type { NewRecord } from '../../db/repository';
import type { WarningRule } from '../../ui/warnings';
import { missionsFor } from '../../reference/missions';
import { normalizePhoneText, toE164 } from './phone';

const required = (max = 200) =>
  z.string().trim().min(1, 'validation.required').max(max, 'validation.tooLong');
const optionalText = (max = 200) => z.string().trim().max(max, 'validation.tooLong');
const orEmpty = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal('')]);
const phoneText = optionalText(40).refine(
  (value) => value === '' || toE164(value) !== null,
  'validation.invalidPhone',
);
const dateText = z
  .string()
  .refine((value) => value === '' || z.iso.date().safeParse(value).success, 'validation.invalidDate');

// The patterns are the record schema's own (shared/domain/identity-numbers.ts), so the form
// never accepts what the repository and the server would refuse, or the other way round.
export { normalizePassport };

export const ReporterForm = z.object({
  name: required(),
  role: ReporterRole,
  relationship: orEmpty(Relationship).refine((value) => value !== '', 'validation.required'),
  phone: phoneText,
  whatsapp: z.boolean(),
  mayDisclose: z.boolean(),
  consent: z.boolean(),
});

export const EmployerForm = z.object({
  name: optionalText(),
  phone: optionalText(40),
  city: optionalText(),
  periodFrom: dateText,
  periodTo: dateText,
});

export const NewCaseForm = z
  .object({
    channel: Channel,
    urgency: Urgency,
    dangerSigns: z.array(DangerSign),
    mainProblem: orEmpty(ProblemType),
    problemTypes: z.array(ProblemType),
    summary: required(),
    demands: optionalText(20_000),
    chronology: optionalText(20_000),
    reporters: z.array(ReporterForm).min(1).max(10),
    workerName: required(),
    aliases: optionalText(400),
    sex: orEmpty(Sex),
    passportNumber: optionalText(20).refine(
      (value) => value === '' || isPassportNumber(normalizePassport(value)),
      'validation.passport',
    ),
    workerNik: optionalText(20).refine((value) => value === '' || isNik(value), 'validation.nik'),
    workerCardNumber: optionalText(),
    workerPhone: phoneText,
    departureDate: dateText,
    jobSector: orEmpty(JobSector),
    departureRoute: orEmpty(DepartureRoute),
    destinationCountry: z.string(),
    missionId: z.string(),
    employers: z.array(EmployerForm).max(10),
    agencyName: optionalText(),
    agencyLicence: optionalText(),
    agencyContact: optionalText(),
    agencyPhone: optionalText(40),
    partnerAbroad: optionalText(),
    brokerName: optionalText(),
    brokerPhone: optionalText(40),
    documents: z.array(DocumentType),
  })
  .superRefine((form, ctx) => {
    if (form.missionId !== '' && !missionsFor(form.destinationCountry).some((m) => m.id === form.missionId))
      ctx.addIssue({ code: 'custom', path: ['missionId'], message: 'validation.required' });
    form.employers.forEach((employer, index) => {
      const filled = employer.phone || employer.city || employer.periodFrom || employer.periodTo;
      if (filled && employer.name === '')
        ctx.addIssue({ code: 'custom', path: ['employers', index, 'name'], message: 'validation.required' });
      if (periodEndsBeforeStart(employer.periodFrom, employer.periodTo))
        ctx.addIssue({
          code: 'custom',
          path: ['employers', index, 'periodTo'],
          message: 'validation.periodOrder',
        });
    });
    // Checked when the form is validated: "today" is the day the operator saves.
    if (departureInFuture(form.departureDate, new Date(Date.now())))
      ctx.addIssue({ code: 'custom', path: ['departureDate'], message: 'validation.departureFuture' });
  });
export type NewCaseFormValues = z.input<typeof NewCaseForm>;
export type NewCaseFormOutput = z.output<typeof NewCaseForm>;

/**
 * The intake's warnings (saved anyway): no reporter with a phone number, said
 * under the first reporter's phone, since the desk must be able to call back.
 */
export const intakeWarnings: WarningRule<NewCaseFormValues>[] = [
  ({ reporters }) =>
    reporters.some((reporter) => reporter.phone.trim() !== '')
      ? {}
      : { 'reporters.0.phone': { key: 'warning.noReporterPhone' } },
];

export const EMPTY_REPORTER: NewCaseFormValues['reporters'][number] = {
  name: '',
  role: 'family',
  relationship: '',
  phone: '',
  whatsapp: false,
  mayDisclose: false,
  consent: false,
};
export const EMPTY_EMPLOYER: NewCaseFormValues['employers'][number] = {
  name: '',
  phone: '',
  city: '',
  periodFrom: '',
  periodTo: '',
};

export const EMPTY_NEW_CASE: NewCaseFormValues = {
  channel: 'phone',
  urgency: 'normal',
  dangerSigns: [],
  mainProblem: '',
  problemTypes: [],
  summary: '',
  demands: '',
  chronology: '',
  reporters: [EMPTY_REPORTER],
  workerName: '',
  aliases: '',
  sex: '',
  passportNumber: '',
  workerNik: '',
  workerCardNumber: '',
  workerPhone: '',
  departureDate: '',
  jobSector: '',
  departureRoute: '',
  destinationCountry: '',
  missionId: '',
  employers: [EMPTY_EMPLOYER],
  agencyName: '',
  agencyLicence: '',
  agencyContact: '',
  agencyPhone: '',
  partnerAbroad: '',
  brokerName: '',
  brokerPhone: '',
  documents: [],
};

const orNull = <T extends string>(value: T | ''): T | null => (value === '' ? null : value);

/** "Siti Amina, Siti binti Slamet" -> ["Siti Amina", "Siti binti Slamet"]. */
export function splitAliases(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((alias) => alias.trim())
    .filter(Boolean);
}

/** The validated form as a new case (plus the documents to request), received now by `receivedBy`. */
export function toNewCase(
  form: NewCaseFormOutput,
  receivedAt: Date,
  receivedBy: string,
): { record: NewRecord<'cases'>; documents: DocumentTypeCode[] } {
  const at = receivedAt.toISOString();
  const mainProblem = orNull(form.mainProblem);
  const problemTypes = [...new Set([...(mainProblem ? [mainProblem] : []), ...form.problemTypes])];
  const reporters: NewRecord<'cases'>['reporters'] = {};
  form.reporters.forEach((reporter, index) => {
    const phone = toE164(reporter.phone);
    reporters[`r${index + 1}`] = {
      order: index,
      name: reporter.name,
      role: reporter.role,
      relationship: reporter.relationship || 'other',
      phones: phone ? [{ e164: phone, whatsapp: reporter.whatsapp, verified: false }] : [],
      mayDisclose: reporter.mayDisclose,
      consentAt: reporter.consent ? at : null,
      consentBy: reporter.consent ? receivedBy : null,
    };
  });
  const employers: NewRecord<'cases'>['employers'] = {};
  form.employers
    .filter((employer) => employer.name !== '')
    .forEach((employer, index) => {
      employers[`e${index + 1}`] = {
        order: index,
        name: employer.name,
        phone: normalizePhoneText(employer.phone),
        city: employer.city || null,
        country: orNull(form.destinationCountry),
        periodFrom: orNull(employer.periodFrom),
        periodTo: orNull(employer.periodTo),
        source: 'intake',
      };
    });
  const workerPhone = toE164(form.workerPhone);
  return {
    record: {
      receivedAt: at,
      channel: form.channel,
      receivedBy,
      ownerId: receivedBy,
      status: 'received',
      urgency: urgencyForDanger(form.dangerSigns, form.urgency),
      dangerSigns: form.dangerSigns,
      mainProblem,
      problemTypes,
      summary: form.summary,
      demands: form.demands,
      chronology: form.chronology,
      destinationCountry: orNull(form.destinationCountry),
      missionId: orNull(form.missionId),
      reporters,
      worker: {
        fullName: form.workerName,
        aliases: splitAliases(form.aliases),
        sex: orNull(form.sex),
        passportNumber: form.passportNumber === '' ? null : normalizePassport(form.passportNumber),
        nik: orNull(form.workerNik),
        workerCardNumber: form.workerCardNumber || null,
        departureDate: orNull(form.departureDate),
        jobSector: orNull(form.jobSector),
        departureRoute: orNull(form.departureRoute),
        phones: workerPhone ? [{ e164: workerPhone, whatsapp: false, verified: false }] : [],
      },
      employers,
      agency: {
        name: form.agencyName || null,
        licenceNumber: form.agencyLicence || null,
        contactPerson: form.agencyContact || null,
        phone: normalizePhoneText(form.agencyPhone),
        partnerAbroad: form.partnerAbroad || null,
        brokerName: form.brokerName || null,
        brokerPhone: normalizePhoneText(form.brokerPhone),
      },
    },
    documents: form.documents,
  };
}
