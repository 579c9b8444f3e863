// i18next set up once for the console. Bahasa Indonesia is the default and
// the fallback: the desk works in Indonesian, English is for trainers,
// auditors and partners.
import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/platform/bridge';
import type { EnumName } from '../../shared/domain/enums';
import en from './en.json';
import id from './id.json';

export const resources = { id: { translation: id }, en: { translation: en } } as const;
export const DEFAULT_LANGUAGE: Language = 'id';

export async function initI18n(language: Language = DEFAULT_LANGUAGE): Promise<I18n> {
  if (!i18next.isInitialized) {
    await i18next.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      // React escapes output already; double escaping would show "&amp;" in names.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  } else if (i18next.language !== language) {
    await i18next.changeLanguage(language);
  }
  return i18next;
}

/** The key of an enum label, e.g. enumKey('caseStatus', 'received') -> 'enum.caseStatus.received'. */
export function enumKey(name: EnumName, code: string): string {
  return `enum.${name}.${code}`;
}
