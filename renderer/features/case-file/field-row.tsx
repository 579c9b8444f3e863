import type { ChangeEvent, ReactNode } from 'react';
import type { ENUMS, EnumName } from '../../../shared/domain/enums';
import { EnumSelect } from '../../ui/enum-select';
import { Field, describedBy } from '../../ui/field';

/** The codes of one domain enum, e.g. `'incoming' | 'outgoing'` for contactDirection. */
type EnumCode<N extends EnumName> = (typeof ENUMS)[N][number];

/** The label-plus-control wrapper every row shares (the forms' Field, no error: drafts validate on save). */
function Row({
  id,
  label,
  wide,
  hint,
  children,
}: {
  id: string;
  label: string;
  wide?: boolean;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <Field id={id} label={label} hint={hint} className={wide ? 'field--wide' : undefined}>
      {children}
    </Field>
  );
}

/**
 * A labelled text, phone or date-time control of the case-file forms (contact
 * log, referrals), bound to a draft value. `rows` makes it a textarea; `hint`
 * adds a line below it that the control points at with aria-describedby.
 */
export function FieldRow({
  id,
  label,
  value,
  onChange,
  type = 'text',
  rows,
  wide,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'tel' | 'datetime-local' | 'date';
  rows?: number;
  wide?: boolean;
  hint?: string;
}) {
  const control = describedBy(id, undefined, hint !== undefined);
  const change = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value);
  return (
    <Row id={id} label={label} wide={wide} hint={hint}>
      {rows ? (
        <textarea rows={rows} value={value} {...control} onChange={change} />
      ) : (
        <input type={type} value={value} {...control} onChange={change} />
      )}
    </Row>
  );
}

/** A labelled select over one domain enum, bound to a draft value typed by that enum. */
export function EnumFieldRow<N extends EnumName>({
  id,
  label,
  enumName,
  value,
  onChange,
}: {
  id: string;
  label: string;
  enumName: N;
  value: EnumCode<N>;
  onChange: (value: EnumCode<N>) => void;
}) {
  return (
    <Row id={id} label={label}>
      <EnumSelect
        id={id}
        enumName={enumName}
        value={value}
        // EnumSelect offers only codes of `enumName`, so the value is one of them.
        onChange={(e) => onChange(e.target.value as EnumCode<N>)}
      />
    </Row>
  );
}

/** A labelled select over options the caller lists (e.g. the case's reporters). */
export function SelectFieldRow({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Row id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </Row>
  );
}
