import { describe, expect, it } from 'vitest';
import { Agency, Worker } from '../../../shared/domain/case';
import { caseSearchKeys, nameTokens, phoneKeys, searchPrefixes } from '../../../renderer/db/search-keys';

describe('nameTokens', () => {
  it.each([
    ['Siti Aminah binti Ahmad', ['siti', 'aminah', 'ahmad']],
    ['  SITI   AMINAH BIN  ahmad ', ['siti', 'aminah', 'ahmad']],
    ["Nur'aini", ['nuraini']],
    ['Sití Nuráini', ['siti', 'nuraini']],
    ['Binti', []],
    ['Muhammad bin-Salim', ['muhammad', 'salim']],
  ])('%s', (input, expected) => {
    expect(nameTokens(input)).toEqual(expected);
  });
});

describe('phoneKeys and searchPrefixes', () => {
  it('keeps the E.164 digits and the national number', () => {
    expect(phoneKeys('+6281234567890')).toEqual(['6281234567890', '81234567890']);
    expect(phoneKeys('+966501234567')).toEqual(['966501234567', '501234567']);
  });

  it('turns typed phones into prefixes that meet those keys', () => {
    expect(searchPrefixes('0812-3456-7890')).toEqual([['081234567890', '81234567890']]);
    expect(searchPrefixes('+62 812 3456')).toEqual([['628123456']]);
    expect(searchPrefixes('(0812) 34')).toEqual([['081234', '81234']]);
    expect(searchPrefixes('')).toEqual([]);
  });

  it('splits a name query into words that must all match', () => {
    expect(searchPrefixes('Siti binti Ah')).toEqual([['siti'], ['ah']]);
    expect(searchPrefixes('C1234567')).toEqual([['c1234567']]);
  });
});

describe('caseSearchKeys', () => {
  it('indexes worker, reporters, passport, NIK, phones, case and draft numbers', () => {
    const keys = caseSearchKeys({
      caseNumber: 'JKT-2025-000123',
      draftNumber: 'DRAFT-A1B2C3',
      worker: Worker.parse({
        fullName: 'Siti Aminah binti Ahmad',
        aliases: ['Siti Amina'],
        passportNumber: 'C1234567',
        nik: '3201234567890123',
        phones: [{ e164: '+966501234567' }],
      }),
      reporters: {
        r1: {
          order: 0,
          name: 'Ibu Sumiati',
          role: 'family',
          relationship: 'parent',
          nik: null,
          phones: [{ e164: '+6281234567890', whatsapp: true, verified: false }],
          hoursReachable: null,
          address: { village: null, district: null, regency: null, province: null },
          language: null,
          powerOfAttorney: false,
          consentAt: null,
          consentBy: null,
          mayDisclose: true,
        },
      },
      employers: {},
      agency: Agency.parse({}),
    });
    expect(keys).toEqual(
      expect.arrayContaining([
        'siti',
        'aminah',
        'ahmad',
        'amina',
        'ibu',
        'sumiati',
        'c1234567',
        '3201234567890123',
        '966501234567',
        '501234567',
        '6281234567890',
        '81234567890',
        'jkt2025000123',
        '000123',
        'drafta1b2c3',
        'a1b2c3',
      ]),
    );
    expect(keys).not.toContain('binti');
    expect(new Set(keys).size).toBe(keys.length);
  });
});
