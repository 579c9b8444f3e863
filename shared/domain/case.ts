import { z } from 'zod';
import {
  CaseStatus,
  Channel,
  ClosureReason,
  DangerSign,
  DepartureRoute,
  JobSector,
  Outcome,
  ProblemType,
  Relationship,
  ReporterRole,
  Sex,
  Urgency,
} from './enums';
import {
  CountryCode,
  CurrencyCode,
  E164,
  IsoDate,
  IsoDateTime,
  LongText,
  MapKey,
  ShortText,
  Uuid7,
  syncMeta,
} from './record';
import { CountNumber } from './numbers';
import {
  NIK_MESSAGE,
  NIK_PATTERN,
  PASSPORT_NUMBER_MESSAGE,
  PASSPORT_NUMBER_PATTERN,
} from './identity-numbers';

const opt = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

export const Phone = z.object({
  e164: E164,
  whatsapp: z.boolean().default(false),
  verified: z.boolean().default(false),
});
export type Phone = z.infer<typeof Phone>;

export const Address = z.object({
  village: opt(ShortText),
  district: opt(ShortText),
  regency: opt(ShortText),
  province: opt(ShortText),
});

/** Pengadu. A case may have several; often family, not the worker. */
export const Reporter = z.object({
  order: CountNumber.default(0),
  name: ShortText.min(1),
  role: ReporterRole,
  relationship: Relationship,
  nik: opt(z.string().regex(NIK_PATTERN, NIK_MESSAGE)),
  phones: z.array(Phone).max(10).default([]),
  hoursReachable: opt(ShortText),
  address: Address.default({ village: null, district: null, regency: null, province: null }),
  language: opt(ShortText),
  powerOfAttorney: z.boolean().default(false),
  consentAt: opt(IsoDateTime),
  consentBy: opt(ShortText),
  /** Siblings are not legally family: disclosure is a per-person decision. */
  mayDisclose: z.boolean().default(false),
});
export type Reporter = z.infer<typeof Reporter>;

/** PMI: the worker. Name as in the passport. */
export const Worker = z.object({
  fullName: ShortText.default(''),
  aliases: z.array(ShortText).max(20).default([]),
  sex: opt(Sex),
  dateOfBirth: opt(IsoDate),
  nik: opt(z.string().regex(NIK_PATTERN, NIK_MESSAGE)),
  passportNumber: opt(z.string().regex(PASSPORT_NUMBER_PATTERN, PASSPORT_NUMBER_MESSAGE)),
  passportExpiry: opt(IsoDate),
  /** KTKLN (until Dec 2014) or ID PMI; which one follows from the departure date. */
  workerCardNumber: opt(ShortText),
  insuranceNumber: opt(ShortText),
  homeDistrict: opt(ShortText),
  jobSector: opt(JobSector),
  departureDate: opt(IsoDate),
  departureRoute: opt(DepartureRoute),
  contractEnd: opt(IsoDate),
  documented: opt(z.boolean()),
  phones: z.array(Phone).max(10).default([]),
  lastContactAt: opt(IsoDateTime),
  lastContactMedium: opt(ShortText),
  lastKnownLocation: opt(ShortText),
  currentCondition: opt(LongText),
});
export type Worker = z.infer<typeof Worker>;

/** Majikan, kept as a history: order 0 is the first employer. */
export const Employer = z.object({
  order: CountNumber,
  name: ShortText.min(1),
  idNumber: opt(ShortText),
  phone: opt(ShortText),
  address: opt(ShortText),
  city: opt(ShortText),
  country: opt(CountryCode),
  periodFrom: opt(IsoDate),
  periodTo: opt(IsoDate),
  source: opt(ShortText),
});
export type Employer = z.infer<typeof Employer>;

/** Placement agency (PPTKIS/P3MI), its partner abroad, and any broker (calo). */
export const Agency = z.object({
  name: opt(ShortText),
  licenceNumber: opt(ShortText),
  branch: opt(ShortText),
  contactPerson: opt(ShortText),
  phone: opt(ShortText),
  partnerAbroad: opt(ShortText),
  brokerName: opt(ShortText),
  brokerPhone: opt(ShortText),
});

export const Money = z.object({ amount: z.number().min(0).max(1e12), currency: CurrencyCode });

const emptyAgency = {
  name: null,
  licenceNumber: null,
  branch: null,
  contactPerson: null,
  phone: null,
  partnerAbroad: null,
  brokerName: null,
  brokerPhone: null,
};

/** Kasus. Nested objects and maps merge per leaf path (`worker.passportNumber`). */
export const CaseRecord = z.object({
  ...syncMeta,
  caseNumber: z.string().max(40).nullable(),
  draftNumber: z.string().max(40),
  receivedAt: IsoDateTime,
  channel: Channel,
  receivedBy: z.string().max(64),
  ownerId: z.string().max(64).nullable(),
  status: CaseStatus,
  urgency: Urgency,
  dangerSigns: z.array(DangerSign).max(10).default([]),
  problemTypes: z.array(ProblemType).max(22).default([]),
  mainProblem: opt(ProblemType),
  summary: ShortText.default(''),
  demands: LongText.default(''),
  chronology: LongText.default(''),
  destinationCountry: opt(CountryCode),
  missionId: opt(ShortText),
  reporters: z.record(MapKey, Reporter).default({}),
  worker: Worker.default(Worker.parse({})),
  employers: z.record(MapKey, Employer).default({}),
  agency: Agency.default(emptyAgency),
  outcome: opt(Outcome),
  moneyRecovered: opt(Money),
  closureReason: opt(ClosureReason),
  closedAt: opt(IsoDateTime),
  linkedCaseIds: z.array(Uuid7).max(50).default([]),
  mergedIntoId: opt(Uuid7),
  /** Maintained by the server: open conflicts on this case. */
  openConflicts: CountNumber.default(0),
});
export type CaseRecord = z.infer<typeof CaseRecord>;
