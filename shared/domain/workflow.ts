import type { CaseStatus } from './enums';

// The case workflow of DOMAIN.md. Moving backwards one step is allowed where
// the work really goes back (documents turn out missing after verification);
// closed states only leave through `reopened`.
const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  received: ['verifying', 'awaiting_documents', 'routed', 'closed_unresolved', 'handed_over'],
  verifying: ['awaiting_documents', 'routed', 'in_process_internal', 'closed_unresolved', 'handed_over'],
  awaiting_documents: ['verifying', 'routed', 'in_process_internal', 'closed_unresolved', 'handed_over'],
  routed: [
    'in_process_internal',
    'in_process_external',
    'awaiting_documents',
    'closed_unresolved',
    'handed_over',
  ],
  in_process_internal: [
    'in_process_external',
    'awaiting_confirmation',
    'resolved',
    'closed_unresolved',
    'handed_over',
  ],
  in_process_external: [
    'in_process_internal',
    'awaiting_confirmation',
    'resolved',
    'closed_unresolved',
    'handed_over',
  ],
  awaiting_confirmation: ['in_process_internal', 'in_process_external', 'resolved', 'closed_unresolved'],
  resolved: ['reopened'],
  closed_unresolved: ['reopened'],
  handed_over: ['reopened'],
  reopened: [
    'verifying',
    'awaiting_documents',
    'routed',
    'in_process_internal',
    'in_process_external',
    'closed_unresolved',
    'handed_over',
  ],
};

export const CLOSED_STATUSES: readonly CaseStatus[] = ['resolved', 'closed_unresolved', 'handed_over'];

export function allowedNextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return TRANSITIONS[from];
}

export function isAllowedTransition(from: CaseStatus, to: CaseStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** A case closed unresolved or handed over must say why; a resolved case must say how. */
export function closureRequirement(to: CaseStatus): 'closureReason' | 'outcome' | null {
  if (to === 'closed_unresolved' || to === 'handed_over') return 'closureReason';
  if (to === 'resolved') return 'outcome';
  return null;
}
