// Cases as an intake desk fills them in, for the wire benchmark: names, numbers and text vary
// from case to case (seeded, so every run pushes the same 100,000), because compression ratios
// measured on 100,000 copies of one case say nothing. A case holds ~600 bytes of data (a worker
// with passport and NIK, one or two reporters with a phone, often an employer, a summary and a
// few sentences of chronology) and stores as ~1,700 bytes with every schema default.
import { v7 as uuidv7 } from 'uuid';
import { CHANNELS, JOB_SECTORS, PROBLEM_TYPES, URGENCIES } from '../../shared/domain/enums';
import type { Mutation } from '../../shared/sync/protocol';
import { mutation } from '../server/helpers';
import { flatten } from '../../shared/sync/paths';

const GIVEN = [
  'Siti',
  'Sri',
  'Nur',
  'Dewi',
  'Ani',
  'Rina',
  'Wati',
  'Yuli',
  'Lestari',
  'Aminah',
  'Fitri',
  'Eka',
  'Ratna',
  'Tuti',
  'Maya',
  'Indah',
  'Rukmini',
  'Suryani',
  'Wahyuni',
  'Kartini',
];
const FAMILY = [
  'Aminah',
  'Rahayu',
  'Lestari',
  'Handayani',
  'Susanti',
  'Wulandari',
  'Purwanti',
  'Maryati',
  'Suparmi',
  'Kurniasih',
  'Setiawati',
  'Nurhayati',
  'Sulastri',
  'Yuliani',
];
const FATHERS = [
  'Ahmad',
  'Sukardi',
  'Slamet',
  'Bambang',
  'Suparno',
  'Karsono',
  'Rohmat',
  'Darsono',
  'Mulyadi',
  'Sutrisno',
];
const REPORTERS = [
  'Ibu Sumiati',
  'Bapak Karyono',
  'Ibu Warsini',
  'Mas Agus',
  'Mbak Yanti',
  'Bapak Tarmuji',
  'Ibu Kasinah',
  'Dik Rudi',
];
const RELATIONS = ['parent', 'spouse', 'child', 'sibling', 'other_relative'] as const;
const COUNTRIES = ['MY', 'SA', 'HK', 'TW', 'SG', 'AE', 'KW', 'QA', 'OM', 'JO', 'KR', 'JP'];
const DISTRICTS = [
  'Indramayu',
  'Cirebon',
  'Cianjur',
  'Lombok Timur',
  'Cilacap',
  'Blitar',
  'Tulungagung',
  'Kendal',
  'Banyuwangi',
  'Ponorogo',
  'Subang',
  'Karawang',
];
const EMPLOYERS = [
  'Mr. Abdullah Al-Harbi',
  'Madam Wong Siu Ling',
  'Mr. Tan Ah Kow',
  'Mrs. Chen Mei Hua',
  'Mr. Khalid Al-Otaibi',
  'Madam Lee Poh Choo',
  'Mr. Rashid Al-Mansouri',
];
const CITIES = [
  'Riyadh',
  'Jeddah',
  'Kuala Lumpur',
  'Johor Bahru',
  'Taipei',
  'Kowloon',
  'Dubai',
  'Doha',
  'Amman',
  'Singapore',
];
const SUMMARIES = [
  'Wants to come home',
  'Salary unpaid for months',
  'No contact with family',
  'Contract ended, still abroad',
  'Passport held by employer',
  'Sick, needs treatment',
  'Working hours too long',
  'Moved to another employer without consent',
];
const SENTENCES = [
  'The family last heard from her by WhatsApp two weeks ago.',
  'She said the employer keeps her passport and phone.',
  'Her salary has not been paid since the fourth month.',
  'The agency in Jakarta does not answer calls any more.',
  'She asked to be sent home before the end of the contract.',
  'Her mother reports that she sounded frightened on the phone.',
  'She works from early morning until midnight without a day off.',
  'The broker promised a job in a restaurant, not in a household.',
  'Her child is sick and the family needs her to return.',
  'She was moved to the house of the employer’s relative.',
];

/** A small seeded generator (mulberry32): the same cases in every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function caseMaker(seed = 15): (i: number) => Mutation {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const day = (from: number, span: number) =>
    new Date(Date.UTC(from, 0, 1) + Math.floor(rnd() * span * 365) * 86_400_000).toISOString().slice(0, 10);
  const phone = () => ({ e164: `+628${digits(10)}`, whatsapp: rnd() < 0.7 });
  return (i) => {
    const name = `${pick(GIVEN)} ${pick(FAMILY)} binti ${pick(FATHERS)}`;
    const reporters: Record<string, unknown> = {
      r1: { name: pick(REPORTERS), role: 'family', relationship: pick(RELATIONS), phones: [phone()] },
    };
    if (rnd() < 0.3) reporters.r2 = { name: pick(REPORTERS), role: 'family', relationship: pick(RELATIONS) };
    const country = pick(COUNTRIES);
    const employers =
      rnd() < 0.6 ? { e1: { order: 0, name: pick(EMPLOYERS), city: pick(CITIES), country } } : {};
    const chronology = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(SENTENCES)).join(' ');
    const problem = pick(PROBLEM_TYPES);
    const record = {
      draftNumber: `DRAFT-${seed}-${i}`,
      receivedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(rnd() * 330 * 86_400_000)).toISOString(),
      channel: pick(CHANNELS),
      receivedBy: `op-${Math.floor(rnd() * 40)}`,
      ownerId: null,
      status: 'received',
      urgency: pick(URGENCIES),
      problemTypes: [problem],
      mainProblem: problem,
      summary: pick(SUMMARIES),
      chronology,
      destinationCountry: country,
      worker: {
        fullName: name,
        sex: 'female',
        dateOfBirth: day(1975, 30),
        nik: digits(16),
        passportNumber: `${String.fromCharCode(65 + Math.floor(rnd() * 26))}${digits(7)}`,
        homeDistrict: pick(DISTRICTS),
        jobSector: pick(JOB_SECTORS),
        departureDate: day(2018, 8),
      },
      reporters,
      employers,
    };
    return mutation('create', 'cases', uuidv7(), flatten(record));
  };
}
