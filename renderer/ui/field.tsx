import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldWarning } from './warnings';

export interface FieldProps {
  id: string;
  label: string;
  /** An i18n key (validation messages are keys, translated here). */
  error?: string | undefined;
  hint?: string | undefined;
  /** A concern that does not block the save (renderer/ui/warnings.ts). */
  warning?: FieldWarning | undefined;
  /** Marked before submit: a star after the label (styles.css; the control sets aria-required). */
  required?: boolean | undefined;
  /** With `length`: a counter "12 / 200" under the control. */
  maxLength?: number | undefined;
  length?: number | undefined;
  className?: string | undefined;
  /** The label is read by screen readers only (inline forms whose control shows a placeholder). */
  hideLabel?: boolean | undefined;
  children: ReactNode;
}

/**
 * Label, control, hint, warning, counter and error, wired for screen readers
 * (the control sets aria-describedby via describedBy()). Every form row of the
 * console goes through here, so what a row shows besides its control (a
 * required mark, a length counter, a warning) is added in this one place.
 */
export function Field(props: FieldProps) {
  const { id, label, error, hint, warning, required, maxLength, length, className, hideLabel } = props;
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      {/* The star is CSS (label[data-required]::after): the label's text stays the field's name,
          so it reads and matches by that name alone; the control carries aria-required. */}
      <label
        htmlFor={id}
        className={hideLabel ? 'visually-hidden' : undefined}
        data-required={required ? '' : undefined}
        title={required ? t('field.required') : undefined}
      >
        {label}
      </label>
      {props.children}
      {hint && !error ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {warning && !error ? (
        <p className="field__hint field__warning" id={`${id}-warning`}>
          {t(warning.key, warning.params)}
        </p>
      ) : null}
      {maxLength !== undefined && length !== undefined ? (
        <p className="field__hint field__counter" id={`${id}-counter`}>
          <span aria-hidden="true">{`${length} / ${maxLength}`}</span>
          <span className="visually-hidden">{t('field.counter', { count: length, max: maxLength })}</span>
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

/** What a row shows besides its control, for describedBy(). */
export interface DescribedParts {
  hint?: boolean | undefined;
  warning?: boolean | undefined;
  counter?: boolean | undefined;
  required?: boolean | undefined;
}

/** Props a control needs to point at its Field's hint, warning, counter or error. */
export function describedBy(id: string, error: string | undefined, parts: boolean | DescribedParts = false) {
  const { hint, warning, counter, required } = typeof parts === 'boolean' ? { hint: parts } : parts;
  const ids = error
    ? [`${id}-error`]
    : [hint && `${id}-hint`, warning && `${id}-warning`, counter && `${id}-counter`].filter(Boolean);
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-required': required ? true : undefined,
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
  } as const;
}
