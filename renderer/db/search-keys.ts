// Normalized search keys for a case, stored in the multi-entry `searchKeys`
// index so a prefix lookup stays an index range scan at 100,000 cases.
// Pure: the same function runs in tests, in the repository and in a future
// re-index migration.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CaseRecord } from '../../shared/domain/case';
import { toE164 } from '../../shared/domain/phone-number';

/** Patronymic particles: "Siti binti Ahmad" is found as "siti ahmad", and the other way round. */
const NAME_PARTICLES = new Set(['binti', 'bin']);

/** Case-fold, strip accents and punctuation: "Sití  Nur'aini" -> ["siti", "nuraini"]. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0 && !NAME_PARTICLES.has(token));
}

// Old (Van Ophuijsen / Soewandi) spellings still live in passports and family
// memory: "Soekarno"/"Sukarno", "Djoko"/"Joko", "Tjahjo"/"Cahyo". Folding maps
// the old digraphs to the current ones; "ch" -> "kh" folds Arabic-derived
// names ("Choirul"/"Khoirul"). Order matters: "dj"/"tj"/"sj"/"nj" before "j".
const NAME_FOLDS: readonly [RegExp, string][] = [
  [/oe/g, 'u'],
  [/dj/g, 'j'],
  [/tj/g, 'c'],
  [/sj/g, 'sy'],
  [/nj/g, 'ny'],
  [/ch/g, 'kh'],
];

/** One name token in its folded (current-spelling) form: "soekarno" -> "sukarno", "djoko" -> "joko". */
export function foldName(token: string): string {
  return NAME_FOLDS.reduce((value, [pattern, replacement]) => value.replace(pattern, replacement), token);
}

/** A token and, when it differs, its folded form. */
export function nameVariants(token: string): string[] {
  const folded = foldName(token);
  return folded === token ? [token] : [token, folded];
}

export function digitsOnly(value: string): string {
  return value.replace(/\D/g, '');
}

/** Alphanumerics only, lower case: "JKT-2025/0001" -> "jkt20250001". */
export function compactCode(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Keys for one phone number: the E.164 digits ("6281234567890") and the
 * national significant number ("81234567890"), so "+62 812...", "62812..."
 * and "0812..." (after the trunk 0 is dropped by searchPrefixes) all match.
 */
export function phoneKeys(e164: string): string[] {
  const digits = digitsOnly(e164);
  const parsed = parsePhoneNumberFromString(e164);
  const national = parsed ? digitsOnly(parsed.nationalNumber) : '';
  return national && national !== digits ? [digits, national] : [digits];
}

/** Keys for a code with separators: the whole code compacted plus each segment ("jkt20250001", "jkt", "2025", "0001"). */
function codeKeys(code: string): string[] {
  const segments = code
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return [compactCode(code), ...segments];
}

/**
 * Keys for a phone kept as typed text (employer, agency, broker): the same keys as a reporter's
 * number once it reads as one (toE164, so "0050 …" and "00966 …" are international), else
 * nothing: free text that is no number would only add noise to the index.
 */
function typedPhoneKeys(phone: string | null | undefined): string[] {
  const e164 = phone ? toE164(phone) : null;
  return e164 ? phoneKeys(e164) : [];
}

/** Employers and agency may be missing from a row an old release stored (upgrades read those too). */
type SearchableCase = Pick<CaseRecord, 'caseNumber' | 'draftNumber' | 'worker' | 'reporters'> &
  Partial<Pick<CaseRecord, 'employers' | 'agency'>>;

export function caseSearchKeys(record: SearchableCase): string[] {
  const keys = new Set<string>();
  const add = (key: string) => {
    if (key.length > 0) keys.add(key);
  };
  nameTokens(record.worker.fullName).flatMap(nameVariants).forEach(add);
  record.worker.aliases.flatMap(nameTokens).flatMap(nameVariants).forEach(add);
  if (record.worker.passportNumber) add(compactCode(record.worker.passportNumber));
  if (record.worker.nik) add(digitsOnly(record.worker.nik));
  record.worker.phones.flatMap((phone) => phoneKeys(phone.e164)).forEach(add);
  for (const reporter of Object.values(record.reporters)) {
    nameTokens(reporter.name).flatMap(nameVariants).forEach(add);
    if (reporter.nik) add(digitsOnly(reporter.nik));
    reporter.phones.flatMap((phone) => phoneKeys(phone.e164)).forEach(add);
  }
  // What a caller knows of the other side: the employer (majikan) and the placement agency.
  for (const employer of Object.values(record.employers ?? {})) {
    nameTokens(employer.name).flatMap(nameVariants).forEach(add);
    typedPhoneKeys(employer.phone).forEach(add);
  }
  const { agency } = record;
  if (agency?.name) nameTokens(agency.name).flatMap(nameVariants).forEach(add);
  typedPhoneKeys(agency?.phone).forEach(add);
  if (record.caseNumber) codeKeys(record.caseNumber).forEach(add);
  codeKeys(record.draftNumber).forEach(add);
  return [...keys].sort();
}

/**
 * Turns what an operator typed into index prefixes. Every returned group must
 * match (AND); inside a group any alternative may match (OR). A phone-looking
 * query becomes one group of digit variants: "0812-345" -> ["0812345", "812345"],
 * "+62 812" -> ["62812"]; "00966 50" -> ["96650"] (00 is the international prefix). A
 * passport typed in groups is one code: "C 123 4567" -> ["c1234567"].
 */
export function searchPrefixes(query: string): string[][] {
  const trimmed = query.trim();
  if (trimmed === '') return [];
  if (/^\+?[\d\s().-]+$/.test(trimmed)) {
    const digits = digitsOnly(trimmed);
    if (digits === '') return [];
    const variants = new Set([digits]);
    if (!trimmed.startsWith('+')) {
      // "00…" dials out: what follows is the country code, as with "+" (keys hold E.164 digits).
      if (digits.startsWith('00') && digits.length > 2) variants.add(digits.slice(2));
      // Indonesian and most other trunk prefixes are one leading 0 before the national number.
      else if (digits.startsWith('0') && digits.length > 1) variants.add(digits.slice(1));
    }
    return [[...variants]];
  }
  // A passport read out in groups ("C 123 4567", "AB-12345"): letters, then digits with
  // separators, is one code, not three words (passport keys are compacted: "c1234567").
  const compact = compactCode(trimmed);
  if (/^[a-z]{1,2}[\s.-]*\d[\d\s.-]*$/i.test(trimmed) && /[\s.-]/.test(trimmed) && compact.length >= 5)
    return [[compact]];
  // Both the typed and the folded spelling: the index holds both for every name.
  return nameTokens(trimmed).map(nameVariants);
}
