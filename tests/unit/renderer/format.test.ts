import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from '../../../renderer/i18n/format';

describe('locale formatting', () => {
  it('formats in the chosen language, switching back and forth (formatters are reused per language)', () => {
    const iso = '2025-05-03T12:05:00.000Z';
    for (let round = 0; round < 2; round++) {
      expect(formatDate(iso, 'id')).toBe('3 Mei 2025');
      expect(formatDate(iso, 'en')).toBe('3 May 2025');
      expect(formatNumber(1234567.5, 'id')).toBe('1.234.567,5');
      expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    }
  });

  it('date-time keeps hours and minutes, as Intl gives them for the locale', () => {
    const iso = '2025-05-03T12:05:00.000Z';
    const options = {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    } as const;
    expect(formatDateTime(iso, 'id')).toBe(new Intl.DateTimeFormat('id-ID', options).format(new Date(iso)));
    expect(formatDateTime(iso, 'en')).toBe(new Intl.DateTimeFormat('en-GB', options).format(new Date(iso)));
    expect(formatDateTime(iso, 'en')).not.toBe(formatDate(iso, 'en'));
  });

  it('gives an empty string for a missing or unreadable time', () => {
    expect(formatDate(null, 'id')).toBe('');
    expect(formatDate(undefined, 'en')).toBe('');
    expect(formatDateTime('not a date', 'en')).toBe('');
  });
});
