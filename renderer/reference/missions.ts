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

export const DESTINATION_COUNTRIES: readonly DestinationCountry[] = [
  {
    code: 'MY',
    nameId: 'Malaysia',
    nameEn: 'Malaysia',
    timeZone: 'Asia/Kuala_Lumpur',
    callingCode: '+60',
    missions: [
      { id: 'MY-kuala-lumpur', kind: 'embassy', city: 'Kuala Lumpur' },
      { id: 'MY-johor-bahru', kind: 'consulate_general', city: 'Johor Bahru' },
      { id: 'MY-penang', kind: 'consulate_general', city: 'Penang' },
      { id: 'MY-kuching', kind: 'consulate_general', city: 'Kuching' },
      { id: 'MY-kota-kinabalu', kind: 'consulate_general', city: 'Kota Kinabalu' },
      { id: 'MY-tawau', kind: 'consulate', city: 'Tawau' },
    ],
  },
  {
    code: 'TW',
    nameId: 'Taiwan',
    nameEn: 'Taiwan',
    timeZone: 'Asia/Taipei',
    callingCode: '+886',
    missions: [{ id: 'TW-taipei', kind: 'economic_trade_office', city: 'Taipei' }],
  },
  {
    code: 'HK',
    nameId: 'Hong Kong',
    nameEn: 'Hong Kong',
    timeZone: 'Asia/Hong_Kong',
    callingCode: '+852',
    missions: [{ id: 'HK-hong-kong', kind: 'consulate_general', city: 'Hong Kong' }],
  },
  {
    code: 'SA',
    nameId: 'Arab Saudi',
    nameEn: 'Saudi Arabia',
    timeZone: 'Asia/Riyadh',
    callingCode: '+966',
    missions: [
      { id: 'SA-riyadh', kind: 'embassy', city: 'Riyadh' },
      { id: 'SA-jeddah', kind: 'consulate_general', city: 'Jeddah' },
    ],
  },
  {
    code: 'SG',
    nameId: 'Singapura',
    nameEn: 'Singapore',
    timeZone: 'Asia/Singapore',
    callingCode: '+65',
    missions: [{ id: 'SG-singapore', kind: 'embassy', city: 'Singapore' }],
  },
  {
    code: 'AE',
    nameId: 'Uni Emirat Arab',
    nameEn: 'United Arab Emirates',
    timeZone: 'Asia/Dubai',
    callingCode: '+971',
    missions: [
      { id: 'AE-abu-dhabi', kind: 'embassy', city: 'Abu Dhabi' },
      { id: 'AE-dubai', kind: 'consulate_general', city: 'Dubai' },
    ],
  },
  {
    code: 'KR',
    nameId: 'Korea Selatan',
    nameEn: 'South Korea',
    timeZone: 'Asia/Seoul',
    callingCode: '+82',
    missions: [{ id: 'KR-seoul', kind: 'embassy', city: 'Seoul' }],
  },
  {
    code: 'BN',
    nameId: 'Brunei Darussalam',
    nameEn: 'Brunei',
    timeZone: 'Asia/Brunei',
    callingCode: '+673',
    missions: [{ id: 'BN-bandar-seri-begawan', kind: 'embassy', city: 'Bandar Seri Begawan' }],
  },
  {
    code: 'QA',
    nameId: 'Qatar',
    nameEn: 'Qatar',
    timeZone: 'Asia/Qatar',
    callingCode: '+974',
    missions: [{ id: 'QA-doha', kind: 'embassy', city: 'Doha' }],
  },
  {
    code: 'OM',
    nameId: 'Oman',
    nameEn: 'Oman',
    timeZone: 'Asia/Muscat',
    callingCode: '+968',
    missions: [{ id: 'OM-muscat', kind: 'embassy', city: 'Muscat' }],
  },
  {
    code: 'KW',
    nameId: 'Kuwait',
    nameEn: 'Kuwait',
    timeZone: 'Asia/Kuwait',
    callingCode: '+965',
    missions: [{ id: 'KW-kuwait-city', kind: 'embassy', city: 'Kuwait City' }],
  },
  {
    code: 'BH',
    nameId: 'Bahrain',
    nameEn: 'Bahrain',
    timeZone: 'Asia/Bahrain',
    callingCode: '+973',
    missions: [{ id: 'BH-manama', kind: 'embassy', city: 'Manama' }],
  },
  {
    code: 'JO',
    nameId: 'Yordania',
    nameEn: 'Jordan',
    timeZone: 'Asia/Amman',
    callingCode: '+962',
    missions: [{ id: 'JO-amman', kind: 'embassy', city: 'Amman' }],
  },
  {
    code: 'JP',
    nameId: 'Jepang',
    nameEn: 'Japan',
    timeZone: 'Asia/Tokyo',
    callingCode: '+81',
    missions: [
      { id: 'JP-tokyo', kind: 'embassy', city: 'Tokyo' },
      { id: 'JP-osaka', kind: 'consulate_general', city: 'Osaka' },
    ],
  },
  {
    code: 'IT',
    nameId: 'Italia',
    nameEn: 'Italy',
    timeZone: 'Europe/Rome',
    callingCode: '+39',
    missions: [{ id: 'IT-rome', kind: 'embassy', city: 'Rome' }],
  },
  {
    code: 'TR',
    nameId: 'Turki',
    nameEn: 'Turkey',
    timeZone: 'Europe/Istanbul',
    callingCode: '+90',
    missions: [
      { id: 'TR-ankara', kind: 'embassy', city: 'Ankara' },
      { id: 'TR-istanbul', kind: 'consulate_general', city: 'Istanbul' },
    ],
  },
];

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
