// Both languages carry every string of document files (issue 16), and registering them on an
// i18next instance adds each language's own text (not the fallback's).
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { fileResources, registerFileStrings } from '../../../renderer/features/case-file/i18n-files';

const keys = (value: unknown, prefix = ''): string[] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
    : [prefix.slice(0, -1)];

describe('file strings', () => {
  it('Indonesian and English have the same keys, none empty', () => {
    expect(keys(fileResources.id).sort()).toEqual(keys(fileResources.en).sort());
    for (const lang of [fileResources.id, fileResources.en])
      for (const text of Object.values(lang.files)) expect(text.trim()).not.toBe('');
  });

  it('registers each language with its own text', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { id: { translation: {} }, en: { translation: {} } },
      lng: 'en',
      fallbackLng: 'id',
    });
    registerFileStrings(i18n);
    expect(i18n.t('files.stored')).toBe('Stored on the server');
    await i18n.changeLanguage('id');
    expect(i18n.t('files.stored')).toBe('Tersimpan di server');
  });
});
