// Dates and numbers always through Intl with the chosen language's locale, so
// an Indonesian desk sees "3 Mei 2025 14.05" and an English one "3 May 2025, 14:05".
import type { Language } from '../../shared/platform/bridge';

const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

export function localeFor(language: Language): string {
  return LOCALES[language];
}

const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, hour: '2-digit', minute: '2-digit' };

/** An ISO timestamp in the language's locale; '' when there is none or it does not parse. */
function formatInstant(
  iso: string | null | undefined,
  language: Language,
  options: Intl.DateTimeFormatOptions,
): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(localeFor(language), options).format(date);
}

export function formatDate(iso: string | null | undefined, language: Language): string {
  return formatInstant(iso, language, DATE);
}

export function formatDateTime(iso: string | null | undefined, language: Language): string {
  return formatInstant(iso, language, DATE_TIME);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(localeFor(language)).format(value);
}
