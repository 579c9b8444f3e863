// Labelled controls bound to a react-hook-form field. They wrap Field and
// describedBy() so each row of a form is one element with its id, label,
// hint and error; the DOM they render is what the forms wrote out by hand.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ENUMS } from '../../shared/domain/enums';
import type { EnumName } from '../../shared/domain/enums';
import { enumKey } from '../i18n';
import { EnumSelect } from './enum-select';
import { Field, describedBy } from './field';
import type { FieldWarning } from './warnings';

interface RowProps {
  id: string;
  label: string;
  /** An i18n key (Field translates it). */
  error?: string | undefined;
  /** A line below the control that it points at with aria-describedby while there is no error. */
  hint?: string | undefined;
  /** Spans the whole width of the form grid. */
  wide?: boolean;
  /** The label is for screen readers only (inline forms). */
  hideLabel?: boolean;
  /** A concern shown under the field that does not block the save (useWarnings()). */
  warning?: FieldWarning | undefined;
  /** Marked before submit (limitsOf() reads it from the schema). */
  required?: boolean | undefined;
  /** What `register(name)` returned (bindField() returns it with the error). */
  registration: UseFormRegisterReturn;
}

/** The Field around a row and the describedBy props of its control. */
function parts(
  { id, label, error, hint, warning, required, wide, hideLabel }: Omit<RowProps, 'registration'>,
  counter = false,
) {
  return {
    field: {
      id,
      label,
      error,
      hint,
      warning,
      required,
      hideLabel,
      className: wide ? 'field--wide' : undefined,
    },
    control: describedBy(id, error, {
      hint: hint !== undefined,
      warning: warning !== undefined,
      counter,
      required,
    }),
  };
}

/** What a date control that reports bad input passes to the form: no schema reads it as a date. */
export const UNREADABLE_DATE = 'unreadable-date';

/**
 * The length of an uncontrolled input's value, for the counter: read on each
 * input and after each render (a reset() writes the value without an event).
 */
function useValueLength(registration: UseFormRegisterReturn, enabled: boolean) {
  const element = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const [length, setLength] = useState(0);
  const { ref: register, onChange } = registration;
  // register() returns a new object on each render of the form, so this runs after each one.
  useLayoutEffect(() => {
    if (enabled) setLength(element.current?.value.length ?? 0);
  }, [enabled, registration]);
  const ref = useCallback(
    (node: HTMLInputElement | HTMLTextAreaElement | null) => {
      element.current = node;
      register(node);
    },
    [register],
  );
  const change = useCallback(
    (event: { target: unknown; type?: unknown }) => {
      const node = element.current;
      if (enabled && node) setLength(node.value.length);
      // A date control holding what it cannot read (a partly typed or mistyped date) reports an
      // empty value, which an optional date would take for "no date" and save without it. Hand
      // the form a value its schema refuses instead, so the operator is told.
      if (node && node.value === '' && node.validity?.badInput) {
        return onChange({ target: { name: registration.name, value: UNREADABLE_DATE }, type: event.type });
      }
      return onChange(event);
    },
    [enabled, onChange, registration.name],
  );
  return { length, binding: { ...registration, ref, onChange: change } };
}

/**
 * A text, phone, date or date-time input; `rows` makes it a textarea. Text and
 * phone inputs turn autofill off.
 */
export function RegisteredInput({
  type = 'text',
  rows,
  inputMode,
  inputClassName,
  placeholder,
  maxLength,
  registration,
  ...row
}: RowProps & {
  type?: 'text' | 'tel' | 'date' | 'datetime-local';
  rows?: number;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  inputClassName?: string;
  placeholder?: string;
  /** The schema's limit: shows a counter (no maxLength attribute: the schema's message says it). */
  maxLength?: number | undefined;
}) {
  const counted = maxLength !== undefined;
  const { field, control } = parts(row, counted);
  const { length, binding } = useValueLength(registration, counted);
  return (
    <Field {...field} maxLength={maxLength} length={counted ? length : undefined}>
      {rows ? (
        <textarea rows={rows} placeholder={placeholder} {...control} {...binding} />
      ) : (
        <input
          type={type}
          inputMode={inputMode}
          autoComplete={type === 'text' || type === 'tel' ? 'off' : undefined}
          className={inputClassName}
          placeholder={placeholder}
          {...control}
          {...binding}
        />
      )}
    </Field>
  );
}

/** A select over one domain enum (or the `codes` of it the caller allows). */
export function RegisteredEnumSelect({
  enumName,
  codes,
  placeholder,
  registration,
  ...row
}: RowProps & { enumName: EnumName; codes?: readonly string[]; placeholder?: string }) {
  const { field, control } = parts(row);
  return (
    <Field {...field}>
      <EnumSelect
        enumName={enumName}
        codes={codes}
        placeholder={placeholder}
        {...control}
        {...registration}
      />
    </Field>
  );
}

/** A select over options the caller lists. */
export function RegisteredSelect({
  disabled,
  children,
  registration,
  ...row
}: RowProps & { disabled?: boolean; children: ReactNode }) {
  const { field, control } = parts(row);
  return (
    <Field {...field}>
      <select disabled={disabled} {...control} {...registration}>
        {children}
      </select>
    </Field>
  );
}

/** A checkbox with its label after it; `value` is set for a checkbox of an array field. */
export function RegisteredCheckbox({
  id,
  label,
  value,
  className = 'field--checkbox',
  registration,
}: {
  id: string;
  label: string;
  value?: string;
  className?: string;
  registration: UseFormRegisterReturn;
}) {
  return (
    <div className={className}>
      <input id={id} type="checkbox" value={value} {...registration} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** One checkbox per code of a domain enum, ids `<idPrefix>-<code>`, all bound to one array field. */
export function EnumCheckboxes({
  enumName,
  idPrefix,
  className,
  registration,
}: {
  enumName: EnumName;
  idPrefix: string;
  className?: string;
  registration: () => UseFormRegisterReturn;
}) {
  const { t } = useTranslation();
  const codes: readonly string[] = ENUMS[enumName];
  return codes.map((code) => (
    <RegisteredCheckbox
      key={code}
      id={`${idPrefix}-${code}`}
      label={t(enumKey(enumName, code))}
      value={code}
      className={className}
      registration={registration()}
    />
  ));
}

/** A wide group of checkboxes named by a title the group is labelled by. */
export function CheckGroup({
  titleId,
  title,
  columns,
  children,
}: {
  titleId: string;
  title: string;
  columns?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="field field--wide" role="group" aria-labelledby={titleId}>
      <p className="field__label" id={titleId}>
        {title}
      </p>
      <div className={columns ? 'checks checks--columns' : 'checks'}>{children}</div>
    </div>
  );
}
