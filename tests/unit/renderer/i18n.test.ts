import { describe, expect, it } from 'vitest';
import { ENUMS } from '../../../shared/domain/enums';
import en from '../../../renderer/i18n/en.json';
import id from '../../../renderer/i18n/id.json';

function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

function lookup(resource: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], resource);
}

describe('i18n resources', () => {
  it('Indonesian and English have exactly the same keys', () => {
    const idKeys = leafKeys(id).sort();
    const enKeys = leafKeys(en).sort();
    expect(idKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
    expect(enKeys.filter((key) => !idKeys.includes(key))).toEqual([]);
  });

  it('every value is a non-empty string', () => {
    for (const resource of [id, en]) {
      for (const key of leafKeys(resource))
        expect(typeof lookup(resource, key) === 'string' && lookup(resource, key) !== '', key).toBe(true);
    }
  });

  it('every enum code has a label in both languages, and no label is left over', () => {
    for (const [name, codes] of Object.entries(ENUMS)) {
      for (const code of codes) {
        expect(lookup(id, `enum.${name}.${code}`), `id enum.${name}.${code}`).toEqual(expect.any(String));
        expect(lookup(en, `enum.${name}.${code}`), `en enum.${name}.${code}`).toEqual(expect.any(String));
      }
      expect(Object.keys(lookup(en, `enum.${name}`) as object).sort()).toEqual([...codes].sort());
    }
    expect(Object.keys(en.enum).sort()).toEqual(Object.keys(ENUMS).sort());
  });

  it('interpolations match between languages', () => {
    const vars = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of leafKeys(en)) expect(vars(lookup(id, key)), key).toEqual(vars(lookup(en, key)));
  });
});
