// Labelled controls bound to a react-hook-form field. They wrap Field and
// describedBy() so each row of a form is one element with its id, label,
// hint and error; the DOM they render is what the forms wrote out by hand.
import type { HTMLAttributes, ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ENUMS } from '../../shared/domain/enums';
import type { EnumName } from '../../shared/domain/enums';
import { enumKey } from '../i18n';
import { EnumSelect } from './enum-select';
import { Field, describedBy } from './field';

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
  /** What `register(name)` returned (bindField() returns it with the error). */
  registration: UseFormRegisterReturn;
}

/** The Field around a row and the describedBy props of its control. */
function parts({ id, label, error, hint, wide, hideLabel }: Omit<RowProps, 'registration'>) {
  return {
    field: { id, label, error, hint, hideLabel, className: wide ? 'field--wide' : undefined },
    control: describedBy(id, error, hint !== undefined),
  };
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
  registration,
  ...row
}: RowProps & {
  type?: 'text' | 'tel' | 'date' | 'datetime-local';
  rows?: number;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  inputClassName?: string;
  placeholder?: string;
}) {
  const { field, control } = parts(row);
  return (
    <Field {...field}>
      {rows ? (
        <textarea rows={rows} placeholder={placeholder} {...control} {...registration} />
      ) : (
        <input
          type={type}
          inputMode={inputMode}
          autoComplete={type === 'text' || type === 'tel' ? 'off' : undefined}
          className={inputClassName}
          placeholder={placeholder}
          {...control}
          {...registration}
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
