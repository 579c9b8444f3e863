// The passport and NIK number rules, defined once: the record schemas
// (case.ts, which the server and the repository validate with) and the intake
// and edit forms (renderer/features/cases/new-case-schema.ts) import them.

/** Indonesian passport numbers as stored: 5-12 capital letters or digits, no spaces. */
export const PASSPORT_NUMBER_PATTERN = /^[A-Z0-9]{5,12}$/;
/** NIK (Nomor Induk Kependudukan): exactly 16 digits. */
export const NIK_PATTERN = /^[0-9]{16}$/;

export const PASSPORT_NUMBER_MESSAGE = 'passport number: 5-12 capital letters or digits';
export const NIK_MESSAGE = 'NIK has 16 digits';

/** How an operator's typing becomes the stored form: spaces out, capitals ("c 123 456" -> "C123456"). */
export const normalizePassport = (value: string): string => value.replace(/\s/g, '').toUpperCase();

export const isPassportNumber = (value: string): boolean => PASSPORT_NUMBER_PATTERN.test(value);
export const isNik = (value: string): boolean => NIK_PATTERN.test(value);
