/**
 * A labelled text, phone or date-time control of the case-file forms (contact
 * log, referrals), bound to a draft value. `rows` makes it a textarea.
 */
export function FieldRow({
  id,
  label,
  value,
  onChange,
  type = 'text',
  rows,
  wide,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'tel' | 'datetime-local' | 'date';
  rows?: number;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'field field--wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {rows ? (
        <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}
