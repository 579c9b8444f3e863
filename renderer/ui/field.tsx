import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface FieldProps {
  id: string;
  label: string;
  /** An i18n key (validation messages are keys, translated here). */
  error?: string | undefined;
  hint?: string | undefined;
  className?: string | undefined;
  /** The label is read by screen readers only (inline forms whose control shows a placeholder). */
  hideLabel?: boolean | undefined;
  children: ReactNode;
}

/**
 * Label, control, hint and error, wired for screen readers (the control sets
 * aria-describedby via describedBy()). Every form row of the console goes
 * through here, so what a row shows besides its control (a required mark, a
 * length counter, a warning) is added in this one place.
 */
export function Field({ id, label, error, hint, className, hideLabel, children }: FieldProps) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

/** Props a control needs to point at its Field's hint or error. */
export function describedBy(id: string, error: string | undefined, hasHint = false) {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : hasHint ? `${id}-hint` : undefined,
  } as const;
}
