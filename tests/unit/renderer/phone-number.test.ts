// The one phone rule (shared/domain/phone-number.ts): what an operator types -> E.164. Issue 17:
// "00" dials out, so "0050 123 4567" is +50…, never +62 0050…, and "00966…" is +966, never
// "009" + Thailand (+66), which is how libphonenumber reads it with Indonesia as the region.
import { describe, expect, it } from 'vitest';
import { normalizePhoneText, toE164 } from '../../../shared/domain/phone-number';

describe('toE164', () => {
  it.each([
    // Indonesian numbers, national and international forms
    ['0812-3456-7890', '+6281234567890'],
    ['0812 3456 7890', '+6281234567890'],
    ['(021) 555-1234', '+62215551234'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['62 812 3456 7890', '+6281234567890'],
    // "00" is the international prefix
    ['0050 123 4567', '+501234567'],
    ['00966 50 123 4567', '+966501234567'],
    ['00966501234567', '+966501234567'],
    ['0044 20 7946 0958', '+442079460958'],
    ['00852 9123 4567', '+85291234567'],
    ['00 62 812 3456 7890', '+6281234567890'],
    // an Indonesian carrier's prefix before the country code (SLI 001/007/008/009)
    ['001 966 50 123 4567', '+966501234567'],
    ['008 60 12 345 6789', '+60123456789'],
    // explicit international
    ['+966 50 123 4567', '+966501234567'],
    ['+44 20 7946 0958', '+442079460958'],
    // not a number
    ['12', null],
    ['+12', null],
    ['00', null],
    ['0062812', null],
    ['+0812345678', null],
    ['', null],
    ['   ', null],
    ['call me', null],
    ['0812 3456 7890 ext', null],
  ])('%j -> %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });
});

describe('normalizePhoneText (employer and agency phones)', () => {
  it.each([
    ['0050 123 4567', '+501234567'],
    ['00966 50 123 4567', '+966501234567'],
    [' 0812-3456-7890 ', '+6281234567890'],
    ['lewat agen', 'lewat agen'],
    ['', null],
    ['  ', null],
  ])('%j -> %s', (input, expected) => {
    expect(normalizePhoneText(input)).toBe(expected);
  });
});
