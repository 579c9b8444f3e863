import type { ReactNode } from 'react';

/** A titled panel of the case file. */
export function Section({
  id,
  title,
  wide,
  actions,
  children,
}: {
  id: string;
  title: string;
  wide?: boolean;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className={`panel${wide ? ' panel--wide' : ''}`} aria-labelledby={id}>
      <div className="panel__head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{label}</dt>
      <dd>{children || '—'}</dd>
    </div>
  );
}
