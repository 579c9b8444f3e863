// The one Zustand store for UI state. Domain data is NOT here: it lives in
// Dexie and screens read it with live queries, so sync writes show up without
// going through this store.
import { create } from 'zustand';
import i18next from 'i18next';
import { Language } from '../../shared/platform/bridge';

export type Route =
  | { name: 'cases' }
  | { name: 'new' }
  | { name: 'case'; id: string }
  | { name: 'today' }
  | { name: 'conflicts' }
  | { name: 'settings' };

const LANGUAGE_KEY = 'posko.language';

export function readStoredLanguage(): Language | null {
  try {
    const parsed = Language.safeParse(localStorage.getItem(LANGUAGE_KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `#/case/<id>` <-> route, so reload and the back button keep the operator where they were. */
export function routeFromHash(hash: string): Route {
  const [name, id] = hash.replace(/^#\/?/, '').split('/');
  switch (name) {
    case 'new':
      return { name: 'new' };
    case 'today':
      return { name: 'today' };
    case 'conflicts':
      return { name: 'conflicts' };
    case 'settings':
      return { name: 'settings' };
    case 'case':
      return id ? { name: 'case', id: decodeURIComponent(id) } : { name: 'cases' };
    default:
      return { name: 'cases' };
  }
}

export function hashFromRoute(route: Route): string {
  return route.name === 'case' ? `#/case/${encodeURIComponent(route.id)}` : `#/${route.name}`;
}

interface UiState {
  language: Language;
  route: Route;
  paletteOpen: boolean;
  setLanguage(language: Language): void;
  navigate(route: Route): void;
  setPaletteOpen(open: boolean): void;
}

export const useUiStore = create<UiState>((set) => ({
  language: readStoredLanguage() ?? 'id',
  route: typeof location === 'undefined' ? { name: 'cases' } : routeFromHash(location.hash),
  paletteOpen: false,
  setLanguage(language) {
    try {
      localStorage.setItem(LANGUAGE_KEY, language);
    } catch {
      // Storage disabled: the choice holds for this session only.
    }
    void i18next.changeLanguage(language);
    document.documentElement.lang = language;
    set({ language });
  },
  navigate(route) {
    if (typeof location !== 'undefined' && location.hash !== hashFromRoute(route))
      location.hash = hashFromRoute(route);
    set({ route, paletteOpen: false });
  },
  setPaletteOpen(open) {
    set({ paletteOpen: open });
  },
}));
