// Warnings: what a form says about values it will still save. Errors come
// from the zod schema and block the submit; a warning is a concern the
// operator should see (no number to call back, a promise later than the
// cadence) but may override. A form lists its warning rules beside its
// schema; useWarnings() recomputes them as values change and Field shows
// each one under its field, in the app's language.
import type { FieldValues, UseFormReturn } from 'react-hook-form';

/** An i18n key and its interpolation values (Field translates it). */
export interface FieldWarning {
  key: string;
  params?: Record<string, string | number>;
}

/** One rule: the warnings it raises for the current values, by field path. */
export type WarningRule<T> = (values: T) => Record<string, FieldWarning | undefined>;

/** The form's warnings by field path, recomputed on every render (watch() re-renders on change). */
export function useWarnings<T extends FieldValues>(
  form: Pick<UseFormReturn<T, unknown, unknown>, 'watch'>,
  rules: readonly WarningRule<T>[],
): Record<string, FieldWarning> {
  const values = form.watch() as T;
  const found: Record<string, FieldWarning> = {};
  for (const rule of rules) {
    for (const [path, warning] of Object.entries(rule(values))) {
      if (warning && !found[path]) found[path] = warning;
    }
  }
  return found;
}
