import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalCase } from '../db/database';
import { useRepository } from '../features/sync/sync-context';
import { countryName } from '../reference/missions';
import { useUiStore } from '../stores/ui-store';
import { StatusBadge } from '../ui/badge';

/**
 * Ctrl+K: find a case by number, worker or reporter name, passport (also read out in groups,
 * "C 123 4567"), NIK, any phone (reporter, worker, employer, agency; with +, 00 or a trunk 0), the
 * employer's or the placement agency's name; Enter opens it.
 */
export function CommandPalette() {
  const { t } = useTranslation();
  const open = useUiStore((state) => state.paletteOpen);
  const setOpen = useUiStore((state) => state.setPaletteOpen);
  const navigate = useUiStore((state) => state.navigate);
  const language = useUiStore((state) => state.language);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<LocalCase[]>([]);
  const [active, setActive] = useState(0);
  const repository = useRepository();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    let cancelled = false;
    repository
      .searchCases(query, 20)
      .then((found) => {
        if (cancelled) return;
        setResults(found);
        setActive(0);
      })
      .catch((error: unknown) => console.error('search failed', error));
    return () => {
      cancelled = true;
    };
  }, [repository, query]);

  const choose = (row: LocalCase | undefined) => {
    if (!row) return;
    setQuery('');
    navigate({ name: 'case', id: row.id });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') choose(results[active]);
    // A search input would spend the first Escape on clearing itself; the palette closes at once.
    else if (event.key === 'Escape') setOpen(false);
    else return;
    event.preventDefault();
  };

  return (
    <dialog
      ref={dialogRef}
      className="palette"
      aria-labelledby="palette-title"
      onClose={() => setOpen(false)}
    >
      <h2 id="palette-title" className="palette__title">
        {t('palette.title')}
      </h2>
      <input
        type="search"
        className="palette__input"
        aria-label={t('palette.title')}
        placeholder={t('palette.placeholder')}
        value={query}
        autoFocus
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls="palette-results"
        aria-activedescendant={results[active] ? `palette-${results[active].id}` : undefined}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <ul id="palette-results" role="listbox" aria-label={t('palette.results')} className="palette__results">
        {query.trim() !== '' && results.length === 0 ? <li className="empty">{t('palette.empty')}</li> : null}
        {results.map((row, index) => (
          <li
            key={row.id}
            id={`palette-${row.id}`}
            role="option"
            aria-selected={index === active}
            className="palette__option"
            onMouseDown={(event) => {
              event.preventDefault();
              choose(row);
            }}
          >
            <span className="palette__number">{row.caseNumber ?? row.draftNumber}</span>
            <span className="palette__name">{row.worker.fullName}</span>
            <span className="palette__country">{countryName(row.destinationCountry, language)}</span>
            <StatusBadge status={row.status} />
          </li>
        ))}
      </ul>
    </dialog>
  );
}
