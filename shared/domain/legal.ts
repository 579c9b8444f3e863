// The rules in force follow the worker's departure date (DOMAIN.md): the law,
// the worker card and the insurance all changed over time. Derived, never
// stored, so a corrected departure date corrects the regime everywhere.
import type { Urgency } from './enums';

/** UU 18/2017 was enacted on 22 November 2017 and replaced UU 39/2004. */
export const UU_18_2017_FROM = '2017-11-22';
/** KTKLN was abolished in December 2014; later departures carry no KTKLN. */
export const KTKLN_ABOLISHED_FROM = '2014-12-01';
/** BPJS Ketenagakerjaan (JKK, JKM) replaced the private insurer consortium on 1 August 2017. */
export const BPJS_FROM = '2017-08-01';

export type LawCode = 'uu_39_2004' | 'uu_18_2017';
export type WorkerCardKind = 'ktkln' | 'id_pmi';
export type InsuranceScheme = 'private_consortium' | 'bpjs_ketenagakerjaan';

export interface LegalRegime {
  law: LawCode;
  workerCard: WorkerCardKind;
  insurance: InsuranceScheme;
  /** Terms in force: TKI/PPTKIS then, PMI/P3MI now. */
  terms: 'tki' | 'pmi';
}

/** The regime for an ISO date (YYYY-MM-DD); null when the departure date is unknown. */
export function legalRegime(departureDate: string | null | undefined): LegalRegime | null {
  if (!departureDate || !/^\d{4}-\d{2}-\d{2}$/.test(departureDate)) return null;
  const newLaw = departureDate >= UU_18_2017_FROM;
  return {
    law: newLaw ? 'uu_18_2017' : 'uu_39_2004',
    workerCard: departureDate >= KTKLN_ABOLISHED_FROM ? 'id_pmi' : 'ktkln',
    insurance: departureDate >= BPJS_FROM ? 'bpjs_ketenagakerjaan' : 'private_consortium',
    terms: newLaw ? 'pmi' : 'tki',
  };
}

export const DANGER_URGENCY: Urgency = 'urgent';

/** Any danger sign makes a case at least urgent; death and trafficking signs make it critical. */
export function urgencyForDanger(signs: readonly string[], chosen: Urgency): Urgency {
  const rank: Record<Urgency, number> = { normal: 0, urgent: 1, critical: 2 };
  const floor: Urgency =
    signs.includes('death') || signs.includes('trafficking_signs')
      ? 'critical'
      : signs.length > 0
        ? 'urgent'
        : 'normal';
  return rank[floor] > rank[chosen] ? floor : chosen;
}
