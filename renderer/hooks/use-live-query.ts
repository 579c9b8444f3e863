// Dexie liveQuery as a React hook (dexie-react-hooks is not a dependency):
// re-runs the query whenever a table it read changes, in this tab or another.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { DependencyList } from 'react';

export interface LiveResult<T> {
  value: T | undefined;
  error: unknown;
}

export function useLiveQuery<T>(query: () => Promise<T>, deps: DependencyList): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ value: undefined, error: undefined });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ value, error: undefined }),
      error: (error: unknown) => setResult((previous) => ({ value: previous.value, error })),
    });
    return () => subscription.unsubscribe();
    // The caller's deps decide when the query itself changes, as with useMemo.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return result;
}
