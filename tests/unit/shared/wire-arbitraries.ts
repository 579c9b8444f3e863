// fast-check arbitraries read off the zod schemas of shared/domain, so every field of every table
// (and every field added later) is covered without a hand-written generator per table. Inputs
// leave defaulted fields out about half of the time, as consoles do, so zod fills the defaults in
// and compaction has something to drop. A schema type this walker does not know throws: a new
// kind of field gets an arbitrary before the round-trip test passes again.
import fc from 'fast-check';
import { z } from 'zod';

const MAX_TEXT = 24;
const MAX_ITEMS = 3;
const DAY = 86_400_000;
const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2100, 0, 1);

function stringArb(s: z.ZodString): fc.Arbitrary<string> {
  const instant = fc
    .integer({ min: FROM / DAY, max: TO / DAY })
    .chain((day) => fc.integer({ min: 0, max: DAY - 1 }).map((ms) => new Date(day * DAY + ms).toISOString()));
  if (s.format === 'datetime') return instant;
  if (s.format === 'date') return instant.map((iso) => iso.slice(0, 10));
  const checks = (s._zod.def.checks ?? []) as Array<{ _zod: { def: { pattern?: unknown } } }>;
  const pattern = checks.map((c) => c._zod.def.pattern).find((p): p is RegExp => p instanceof RegExp);
  if (pattern) return fc.stringMatching(pattern);
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? MAX_TEXT, MAX_TEXT));
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function numberArb(s: z.ZodNumber): fc.Arbitrary<number> {
  const min = Math.max(s.minValue ?? -1e9, -1e9);
  const max = Math.min(s.maxValue ?? 1e9, 1e9);
  return s.isInt ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema may or may not accept (refinements are left to safeParse). */
export function arbitraryFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  if (schema instanceof z.ZodDefault)
    return fc.oneof(fc.constant(undefined), arbitraryFor(schema.unwrap() as z.ZodType));
  if (schema instanceof z.ZodNullable)
    return fc.option(arbitraryFor(schema.unwrap() as z.ZodType), { nil: null });
  if (schema instanceof z.ZodOptional)
    return fc.option(arbitraryFor(schema.unwrap() as z.ZodType), { nil: undefined });
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryFor(v)]));
    // An undefined value becomes an absent key: what a console's create patch looks like.
    return fc
      .record(fields)
      .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
  }
  if (schema instanceof z.ZodRecord)
    return fc.dictionary(
      arbitraryFor(schema.keyType as z.ZodType) as fc.Arbitrary<string>,
      arbitraryFor(schema.valueType as z.ZodType),
      { maxKeys: MAX_ITEMS },
    );
  if (schema instanceof z.ZodArray)
    return fc.array(arbitraryFor(schema.element as z.ZodType), { maxLength: MAX_ITEMS });
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...(schema.options as unknown[]));
  if (schema instanceof z.ZodBoolean) return fc.boolean();
  // String formats (z.iso.datetime()...) are classes of their own: match on the type name.
  const type = schema._zod.def.type;
  if (type === 'number') return numberArb(schema as z.ZodNumber);
  if (type === 'string') return stringArb(schema as z.ZodString);
  throw new Error(`no arbitrary for zod type ${type}`);
}

/** Valid records of `schema` as it outputs them (defaults filled in). */
export function validRecords<S extends z.ZodType>(schema: S): fc.Arbitrary<z.output<S>> {
  return arbitraryFor(schema)
    .map((input) => schema.safeParse(input))
    .filter((r) => r.success)
    .map((r) => r.data as z.output<S>);
}
