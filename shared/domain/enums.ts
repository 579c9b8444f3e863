// Every code the domain knows. Labels live in the i18n resources
// (renderer/i18n/*.json), keyed `enum.<name>.<code>`, never here: the schema is
// the contract between console, server and audit, the labels are UI.
import { z } from 'zod';

export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export const CASE_STATUSES = [
  'received',
  'verifying',
  'awaiting_documents',
  'routed',
  'in_process_internal',
  'in_process_external',
  'awaiting_confirmation',
  'resolved',
  'closed_unresolved',
  'handed_over',
  'reopened',
] as const;
export const CHANNELS = [
  'phone',
  'sms',
  'whatsapp',
  'email',
  'web_form',
  'social_media',
  'letter',
  'fax',
  'walk_in',
  'agency_referral',
  'other',
] as const;
export const REPORTER_ROLES = [
  'cpmi',
  'pmi',
  'returned_pmi',
  'family',
  'other_relative',
  'lawyer_ngo',
  'public',
  'agency',
] as const;
export const RELATIONSHIPS = [
  'self',
  'parent',
  'spouse',
  'child',
  'sibling',
  'other_relative',
  'friend',
  'employer',
  'lawyer',
  'ngo',
  'agency_staff',
  'other',
] as const;
export const PROBLEM_TYPES = [
  'wants_to_go_home',
  'contract_ended_not_home',
  'unpaid_wages',
  'lost_contact',
  'died_abroad',
  'ill',
  'work_accident',
  'employer_violence',
  'sexual_violence',
  'unilateral_dismissal',
  'job_differs_from_contract',
  'failed_to_depart',
  'job_fraud',
  'trafficking',
  'deported',
  'undocumented_overstay',
  'ran_away',
  'detained_legal_case',
  'documents_withheld',
  'overcharging',
  'insurance_claim',
  'information_request',
] as const;
export const DANGER_SIGNS = [
  'death',
  'serious_illness',
  'violence',
  'sexual_abuse',
  'detention',
  'trafficking_signs',
  'minor',
] as const;
export const CLOSURE_REASONS = [
  'documents_incomplete_30d',
  'no_clarification_15wd',
  'reporter_unreachable_60d',
  'handed_to_other_agency',
  'unresolvable_no_response_6m',
  'duplicate',
  'withdrawn',
] as const;
export const OUTCOMES = [
  'brought_home',
  'body_repatriated',
  'buried_abroad',
  'wages_paid',
  'contact_restored',
  'claim_paid',
  'agency_refunded',
  'legal_proceedings',
  'unsuccessful',
] as const;
export const MISSION_KINDS = [
  'embassy',
  'consulate_general',
  'consulate',
  'economic_trade_office',
  'labour_attache',
] as const;
export const REFERRAL_TARGETS = [
  'mission',
  'foreign_ministry',
  'placement_agency',
  'bpjs',
  'police_trafficking',
  'district_labour_office',
  'social_affairs',
  'home_region_office',
  'immigration',
] as const;
export const DOCUMENT_TYPES = [
  'passport_copy',
  'employer_contact',
  'first_employer_identity',
  'work_contract',
  'ktp',
  'family_card',
  'visa_work_permit',
  'placement_agreement',
  'insurance_card',
  'photo',
  'chat_recording',
  'payslip_transfer',
  'medical_death_certificate',
  'power_of_attorney',
] as const;
export const DOCUMENT_STATUSES = ['requested', 'received', 'verified', 'not_available'] as const;
export const CONTACT_DIRECTIONS = ['incoming', 'outgoing'] as const;
export const CONTACT_RESULTS = ['connected', 'no_answer', 'wrong_number', 'sent'] as const;
export const REFERRAL_KINDS = ['referral', 'letter'] as const;
export const REFERRAL_STAGES = ['clarification_1', 'clarification_2', 'mediation', 'none'] as const;
export const REFERRAL_STATUSES = ['draft', 'sent', 'replied', 'overdue', 'closed'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const SEXES = ['female', 'male'] as const;
export const JOB_SECTORS = [
  'domestic',
  'caregiver',
  'manufacturing',
  'construction',
  'plantation',
  'fishing',
  'hospitality',
  'other',
] as const;
export const DEPARTURE_ROUTES = [
  'official_p3mi',
  'independent',
  'government_to_government',
  'non_procedural',
] as const;
export const USER_ROLES = ['operator', 'supervisor', 'admin', 'auditor'] as const;

export const Urgency = z.enum(URGENCIES);
export const CaseStatus = z.enum(CASE_STATUSES);
export const Channel = z.enum(CHANNELS);
export const ReporterRole = z.enum(REPORTER_ROLES);
export const Relationship = z.enum(RELATIONSHIPS);
export const ProblemType = z.enum(PROBLEM_TYPES);
export const DangerSign = z.enum(DANGER_SIGNS);
export const ClosureReason = z.enum(CLOSURE_REASONS);
export const Outcome = z.enum(OUTCOMES);
export const MissionKind = z.enum(MISSION_KINDS);
export const ReferralTarget = z.enum(REFERRAL_TARGETS);
export const DocumentType = z.enum(DOCUMENT_TYPES);
export const DocumentStatus = z.enum(DOCUMENT_STATUSES);
export const ContactDirection = z.enum(CONTACT_DIRECTIONS);
export const ContactResult = z.enum(CONTACT_RESULTS);
export const ReferralKind = z.enum(REFERRAL_KINDS);
export const ReferralStage = z.enum(REFERRAL_STAGES);
export const ReferralStatus = z.enum(REFERRAL_STATUSES);
export const TaskStatus = z.enum(TASK_STATUSES);
export const Sex = z.enum(SEXES);
export const JobSector = z.enum(JOB_SECTORS);
export const DepartureRoute = z.enum(DEPARTURE_ROUTES);
export const UserRole = z.enum(USER_ROLES);

export type Urgency = z.infer<typeof Urgency>;
export type CaseStatus = z.infer<typeof CaseStatus>;
export type UserRole = z.infer<typeof UserRole>;
export type DocumentType = z.infer<typeof DocumentType>;
export type ProblemType = z.infer<typeof ProblemType>;

/** Every enum by the name its labels use in i18n (`enum.<name>.<code>`). */
export const ENUMS = {
  urgency: URGENCIES,
  caseStatus: CASE_STATUSES,
  channel: CHANNELS,
  reporterRole: REPORTER_ROLES,
  relationship: RELATIONSHIPS,
  problemType: PROBLEM_TYPES,
  dangerSign: DANGER_SIGNS,
  closureReason: CLOSURE_REASONS,
  outcome: OUTCOMES,
  missionKind: MISSION_KINDS,
  referralTarget: REFERRAL_TARGETS,
  documentType: DOCUMENT_TYPES,
  documentStatus: DOCUMENT_STATUSES,
  contactDirection: CONTACT_DIRECTIONS,
  contactResult: CONTACT_RESULTS,
  referralKind: REFERRAL_KINDS,
  referralStage: REFERRAL_STAGES,
  referralStatus: REFERRAL_STATUSES,
  taskStatus: TASK_STATUSES,
  sex: SEXES,
  jobSector: JOB_SECTORS,
  departureRoute: DEPARTURE_ROUTES,
  userRole: USER_ROLES,
} as const;
export type EnumName = keyof typeof ENUMS;
