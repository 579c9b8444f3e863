// One reading of a typed phone number for the whole project: intake, the case file, search keys
// and (if it needs it) the server. What an operator types ("0812-3456-7890", "+966 50 123 4567",
// "62812...", "00966 50 123 4567") becomes E.164, or null when it is not a phone number.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js';

/** Indonesian carriers' international prefixes (SLI): 001, 007, 008, 009, dialled before the country code. */
const CARRIER_PREFIX = /^00[1789]/;
const MIN_E164_DIGITS = 8;
const MAX_E164_DIGITS = 15;

function parseInternational(digits: string): PhoneNumber | undefined {
  return parsePhoneNumberFromString(`+${digits}`);
}

/**
 * A number dialled with "00" is international, whatever follows: "00966 50 ..." is Saudi
 * Arabia (+966), never "009" + Thailand, and "0050 123 4567" is +50..., never an Indonesian
 * number. libphonenumber reads Indonesian input with "00[89]" as the exit code, so the plain
 * "00" reading is tried first; a carrier prefix ("001 966 ...", "008 60 ...") is taken only
 * when it gives a valid number and the plain reading does not.
 */
function fromDoubleZero(digits: string): string | null {
  const plain = parseInternational(digits.slice(2));
  if (plain?.isValid()) return plain.number;
  if (CARRIER_PREFIX.test(digits)) {
    const viaCarrier = parseInternational(digits.slice(3));
    if (viaCarrier?.isValid()) return viaCarrier.number;
  }
  return explicitInternational(plain, digits.slice(2));
}

/**
 * An explicitly international number (dialled with + or 00) whose country code is known is kept
 * even where libphonenumber's length rules for that country disagree: foreign numbering plans
 * change, and the desk must be able to call the caller back. Unknown country codes and lengths
 * outside E.164 are still refused.
 */
function explicitInternational(parsed: PhoneNumber | undefined, digits: string): string | null {
  if (!parsed) return null;
  if (parsed.isPossible()) return parsed.number;
  const ok = digits.length >= MIN_E164_DIGITS && digits.length <= MAX_E164_DIGITS && !digits.startsWith('0');
  return ok ? `+${digits}` : null;
}

/**
 * What an operator types to E.164, or null when it is not a possible number. Without + or 00 the
 * number is read as national to `defaultRegion` (Indonesian, the desk's default); "62812..."
 * typed without the plus is an Indonesian number in international form.
 */
export function toE164(input: string, defaultRegion: CountryCode = 'ID'): string | null {
  const trimmed = input.trim();
  if (trimmed === '' || !/^\+?[\d\s().\-/]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return explicitInternational(parseInternational(digits), digits);
  if (digits.startsWith('00')) return fromDoubleZero(digits);
  if (/^62\d{8,}$/.test(digits)) return explicitInternational(parseInternational(digits), digits);
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion);
  return parsed && parsed.isPossible() ? parsed.number : null;
}

/**
 * A phone kept as text (employer, agency, broker: any format may come from a contract or a
 * chat): E.164 when it reads as a number, like a reporter's, so search and the desk see one
 * form; otherwise as typed. Empty -> null.
 */
export function normalizePhoneText(typed: string): string | null {
  const trimmed = typed.trim();
  if (trimmed === '') return null;
  return toE164(trimmed) ?? trimmed;
}
