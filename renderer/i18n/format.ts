// Dates and numbers always through Intl with the chosen language's locale, so
// an Indonesian desk sees "3 Mei 2025 14.05" and an English one "3 May 2025, 14:05".
import type { Language } from '../../shared/platform/bridge';

const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

export function localeFor(language: Language): string {
  return LOCALES[language];
}

const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, hour: '2-digit', minute: '2-digit' };

// Building an Intl formatter costs far more than formatting with one (locale data is resolved each
// time): a case list re-rendering during a sync spent ~0.7 s in constructors. One per language and style.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

function dateFormat(language: Language, style: 'date' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${language}:${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeFor(language), style === 'date' ? DATE : DATE_TIME);
    dateFormats.set(key, format);
  }
  return format;
}

/** An ISO timestamp in the language's locale; '' when there is none or it does not parse. */
function formatInstant(
  iso: string | null | undefined,
  language: Language,
  style: 'date' | 'dateTime',
): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return dateFormat(language, style).format(date);
}

export function formatDate(iso: string | null | undefined, language: Language): string {
  return formatInstant(iso, language, 'date');
}

export function formatDateTime(iso: string | null | undefined, language: Language): string {
  return formatInstant(iso, language, 'dateTime');
}

export function formatNumber(value: number, language: Language): string {
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(localeFor(language))));
  return format.format(value);
}
