import type { ReactNode } from 'react';

/** A top-level screen, labelled by its heading, with an intro line under the heading. */
export function Screen({
  titleId,
  title,
  intro,
  keys,
  children,
}: {
  titleId: string;
  title: string;
  intro: string;
  /** A line about the screen's keyboard shortcuts. */
  keys?: string;
  children: ReactNode;
}) {
  return (
    <section className="screen" aria-labelledby={titleId}>
      <header className="screen__header">
        <h1 id={titleId}>{title}</h1>
        <p className="screen__intro">{intro}</p>
        {keys === undefined ? null : <p className="screen__keys">{keys}</p>}
      </header>
      {children}
    </section>
  );
}
