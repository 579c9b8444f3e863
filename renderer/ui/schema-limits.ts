// What a form row shows before submit, read from the form's own zod schema so
// the mark and the counter cannot drift from the check: a string field with
// min(1) is required, and its max() is the counter's limit.
import { z } from 'zod';

export interface FieldLimits {
  required?: boolean;
  maxLength?: number;
}

function fieldAt(schema: z.ZodType, path: string): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path.split('.')) {
    if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    if (/^\d+$/.test(segment)) continue;
    current =
      current instanceof z.ZodObject ? (current.shape as Record<string, z.ZodType>)[segment] : undefined;
    if (!current) return undefined;
  }
  return current;
}

/** `required` and `maxLength` of one field of an object schema (by its react-hook-form path). */
export function limitsOf(schema: z.ZodType, path: string): FieldLimits {
  const field = fieldAt(schema, path);
  if (!(field instanceof z.ZodString)) return {};
  const limits: FieldLimits = {};
  if ((field.minLength ?? 0) >= 1) limits.required = true;
  if (field.maxLength !== null) limits.maxLength = field.maxLength;
  return limits;
}
