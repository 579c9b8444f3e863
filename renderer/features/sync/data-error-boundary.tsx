// Live queries (dexie-react-hooks' useLiveQuery) throw a failed read during
// render so that an error boundary can catch it; without one React unmounts the
// whole console and leaves a blank window. This boundary sits around the app
// inside the sign-in gate and says, in the operator's language, that the local
// data could not be read and that a reload is the way back (IndexedDB closed by
// a newer version in another tab, storage errors). Saved work is untouched: it
// is in IndexedDB and the outbox.
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function DataErrorScreen({ detail, reload }: { detail: string; reload: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="screen" role="alert" data-testid="data-error">
      <h1>{t('sync.dataError.title')}</h1>
      <p>{t('sync.dataError.body')}</p>
      <p>
        <code>{detail}</code>
      </p>
      <button type="button" onClick={reload}>
        {t('sync.dataError.reload')}
      </button>
    </section>
  );
}

interface Props {
  children: ReactNode;
  /** Tests pass their own; the console reloads the page. */
  reload?: () => void;
}

export class DataErrorBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    console.error('a screen failed to read local data', error);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return <DataErrorScreen detail={detail} reload={this.props.reload ?? (() => window.location.reload())} />;
  }
}
