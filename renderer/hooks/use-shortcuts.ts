// Global keyboard shortcuts. Ctrl+S submits whichever form on screen declares
// itself the save target (data-save-shortcut), so screens need no wiring.
import { useEffect } from 'react';
import { useUiStore } from '../stores/ui-store';

export const SAVE_TARGET_ATTRIBUTE = 'data-save-shortcut';

export function useShortcuts(): void {
  const navigate = useUiStore((state) => state.navigate);
  const setPaletteOpen = useUiStore((state) => state.setPaletteOpen);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        // The form holding the focus wins (a case file has several); else the screen's save target.
        const active = document.activeElement;
        const focused = active instanceof HTMLElement ? active.closest('form') : null;
        const form = focused ?? document.querySelector<HTMLFormElement>(`form[${SAVE_TARGET_ATTRIBUTE}]`);
        form?.requestSubmit();
      } else if (key === 'n' && !event.shiftKey) {
        // Browsers keep Ctrl+N for a new window; in Electron (the product) it reaches us.
        event.preventDefault();
        navigate({ name: 'new' });
      } else if (key === 'k') {
        event.preventDefault();
        setPaletteOpen(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, setPaletteOpen]);
}
