import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';

/**
 * What an operator types ("0812-3456-7890", "+966 50 123 4567", "62812...")
 * to E.164, or null when it is not a possible number. Without a + the number
 * is read as Indonesian, the desk's default.
 */
export function toE164(input: string, defaultRegion: CountryCode = 'ID'): string | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  // "62812..." typed without the plus is an Indonesian number in international form.
  const candidate = /^62\d{8,}$/.test(trimmed.replace(/[\s-]/g, '')) ? `+${trimmed}` : trimmed;
  const parsed = parsePhoneNumberFromString(candidate, defaultRegion);
  return parsed && parsed.isPossible() ? parsed.number : null;
}
