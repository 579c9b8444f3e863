// @vitest-environment happy-dom
// Issue 17, "Layout": changing a filter returns the case list to its top. The case list
// (renderer/features/cases/case-list.tsx) calls useListTopOnChange with its filter/sort key.
import { act, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useListTopOnChange } from '../../../renderer/features/cases/use-list-top';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function List({ filterKey, onReset }: { filterKey: string; onReset: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useListTopOnChange(ref, filterKey, onReset);
  return (
    <div ref={ref} data-testid="list" style={{ height: '100px', overflow: 'auto' }}>
      <div style={{ height: '5000px' }} />
    </div>
  );
}

describe('the case list returns to its top when the filter changes', () => {
  it('keeps the offset while the filter stays, resets it (and the virtualizer) when it changes', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    cleanups.push(() => (act(() => root.unmount()), host.remove()));
    let resets = 0;
    const onReset = () => void (resets += 1);
    const render = (filterKey: string) =>
      act(() => root.render(<List filterKey={filterKey} onReset={onReset} />));
    render('["open"]');
    const list = host.querySelector<HTMLDivElement>('[data-testid=list]')!;
    list.scrollTop = 1200;
    render('["open"]');
    expect(list.scrollTop).toBe(1200);
    expect(resets).toBe(0);
    render('["urgent"]');
    expect(list.scrollTop).toBe(0);
    expect(resets).toBe(1);
  });
});
