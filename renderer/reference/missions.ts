// Indonesian missions in the main destination countries, transcribed from
// the reference facts (shared/data/missions.json in the design pack). Shipped
// with the app so intake works offline. Phone numbers are left out on purpose
// until they are checked. Mission ids (`<country>-<city>`) are what a case
// stores in `missionId`; never renumber one, add new ones instead.
import type { MISSION_KINDS } from '../../shared/domain/enums';
import type { Language } from '../../shared/platform/bridge';

export type MissionKind = (typeof MISSION_KINDS)[number];

export interface Mission {
  readonly id: string;
  readonly kind: MissionKind;
  readonly city: string;
}

export interface DestinationCountry {
  /** ISO 3166-1 alpha-2. */
  readonly code: string;
  readonly nameId: string;
  readonly nameEn: string;
  /** IANA time zone, for "what time is it there" before calling. */
  readonly timeZone: string;
  readonly callingCode: string;
  readonly missions: readonly Mission[];
}

// One row a country: code, name in Indonesian, name in English, time zone, calling code.
const COUNTRY_ROWS: readonly (readonly [string, string, string, string, string])[] = [
  ['MY', 'Malaysia', 'Malaysia', 'Asia/Kuala_Lumpur', '+60'],
  ['TW', 'Taiwan', 'Taiwan', 'Asia/Taipei', '+886'],
  ['HK', 'Hong Kong', 'Hong Kong', 'Asia/Hong_Kong', '+852'],
  ['SA', 'Arab Saudi', 'Saudi Arabia', 'Asia/Riyadh', '+966'],
  ['SG', 'Singapura', 'Singapore', 'Asia/Singapore', '+65'],
  ['AE', 'Uni Emirat Arab', 'United Arab Emirates', 'Asia/Dubai', '+971'],
  ['KR', 'Korea Selatan', 'South Korea', 'Asia/Seoul', '+82'],
  ['BN', 'Brunei Darussalam', 'Brunei', 'Asia/Brunei', '+673'],
  ['QA', 'Qatar', 'Qatar', 'Asia/Qatar', '+974'],
  ['OM', 'Oman', 'Oman', 'Asia/Muscat', '+968'],
  ['KW', 'Kuwait', 'Kuwait', 'Asia/Kuwait', '+965'],
  ['BH', 'Bahrain', 'Bahrain', 'Asia/Bahrain', '+973'],
  ['JO', 'Yordania', 'Jordan', 'Asia/Amman', '+962'],
  ['JP', 'Jepang', 'Japan', 'Asia/Tokyo', '+81'],
  ['IT', 'Italia', 'Italy', 'Europe/Rome', '+39'],
  ['TR', 'Turki', 'Turkey', 'Europe/Istanbul', '+90'],
];

// One row a mission: id (its country's code first), kind, city.
const MISSION_ROWS: readonly (readonly [string, MissionKind, string])[] = [
  ['MY-kuala-lumpur', 'embassy', 'Kuala Lumpur'],
  ['MY-johor-bahru', 'consulate_general', 'Johor Bahru'],
  ['MY-penang', 'consulate_general', 'Penang'],
  ['MY-kuching', 'consulate_general', 'Kuching'],
  ['MY-kota-kinabalu', 'consulate_general', 'Kota Kinabalu'],
  ['MY-tawau', 'consulate', 'Tawau'],
  ['TW-taipei', 'economic_trade_office', 'Taipei'],
  ['HK-hong-kong', 'consulate_general', 'Hong Kong'],
  ['SA-riyadh', 'embassy', 'Riyadh'],
  ['SA-jeddah', 'consulate_general', 'Jeddah'],
  ['SG-singapore', 'embassy', 'Singapore'],
  ['AE-abu-dhabi', 'embassy', 'Abu Dhabi'],
  ['AE-dubai', 'consulate_general', 'Dubai'],
  ['KR-seoul', 'embassy', 'Seoul'],
  ['BN-bandar-seri-begawan', 'embassy', 'Bandar Seri Begawan'],
  ['QA-doha', 'embassy', 'Doha'],
  ['OM-muscat', 'embassy', 'Muscat'],
  ['KW-kuwait-city', 'embassy', 'Kuwait City'],
  ['BH-manama', 'embassy', 'Manama'],
  ['JO-amman', 'embassy', 'Amman'],
  ['JP-tokyo', 'embassy', 'Tokyo'],
  ['JP-osaka', 'consulate_general', 'Osaka'],
  ['IT-rome', 'embassy', 'Rome'],
  ['TR-ankara', 'embassy', 'Ankara'],
  ['TR-istanbul', 'consulate_general', 'Istanbul'],
];

export const DESTINATION_COUNTRIES: readonly DestinationCountry[] = COUNTRY_ROWS.map(
  ([code, nameId, nameEn, timeZone, callingCode]) => ({
    code,
    nameId,
    nameEn,
    timeZone,
    callingCode,
    missions: MISSION_ROWS.filter(([id]) => id.startsWith(`${code}-`)).map(([id, kind, city]) => ({
      id,
      kind,
      city,
    })),
  }),
);

export function countryByCode(code: string | null | undefined): DestinationCountry | undefined {
  return DESTINATION_COUNTRIES.find((country) => country.code === code);
}

export function countryName(code: string | null | undefined, language: Language): string {
  const country = countryByCode(code);
  if (!country) return code ?? '';
  return language === 'id' ? country.nameId : country.nameEn;
}

export function missionsFor(code: string | null | undefined): readonly Mission[] {
  return countryByCode(code)?.missions ?? [];
}

export function missionById(id: string | null | undefined): Mission | undefined {
  for (const country of DESTINATION_COUNTRIES) {
    const found = country.missions.find((mission) => mission.id === id);
    if (found) return found;
  }
  return undefined;
}
