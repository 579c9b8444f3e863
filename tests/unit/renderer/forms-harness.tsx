// What the form component tests share: a repository on its own fake-indexeddb
// database, provided the way the app shell provides it (SyncProvider), the
// app's i18n resources, and typing, choosing and submitting the way a browser
// reports them to React (input and change events on the real elements).
import 'fake-indexeddb/auto';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import Dexie from 'dexie';
import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { act } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import type { PoskoDb } from '../../../renderer/db/database';
import type { Repository } from '../../../renderer/db/repository';
import { syncResources } from '../../../renderer/features/sync/i18n-sync';
import { SyncProvider } from '../../../renderer/features/sync/sync-context';
import type { SyncContextValue } from '../../../renderer/features/sync/sync-context';
import { resources } from '../../../renderer/i18n';
import { useUiStore } from '../../../renderer/stores/ui-store';
import { dropTestDb, openTestRepository } from './fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// happy-dom lacks two properties every browser has: <select>.size (0 unless set) and
// <option>.defaultSelected (the `selected` attribute). react-hook-form reads them to tell a
// select the browser autofilled before the form was ready; without them it takes every
// select for autofilled and replaces its default value with the first option's.
if (!('size' in HTMLSelectElement.prototype)) {
  Object.defineProperty(HTMLSelectElement.prototype, 'size', {
    get(this: HTMLSelectElement) {
      return Number(this.getAttribute('size') ?? 0);
    },
  });
}
if (!('defaultSelected' in HTMLOptionElement.prototype)) {
  Object.defineProperty(HTMLOptionElement.prototype, 'defaultSelected', {
    get(this: HTMLOptionElement) {
      return this.hasAttribute('selected');
    },
  });
}

export type Language = 'id' | 'en';

export async function createI18n(language: Language): Promise<I18n> {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'id',
    interpolation: { escapeValue: false },
    resources: {
      id: { translation: { ...resources.id.translation, ...syncResources.id } },
      en: { translation: { ...resources.en.translation, ...syncResources.en } },
    },
  });
  return i18n;
}

export interface Harness {
  db: PoskoDb;
  repo: Repository;
  /** Renders `ui` under the providers the shell mounts; returns its host element. `extra`: e.g. a transport. */
  mount(ui: ReactNode, extra?: Partial<SyncContextValue>): HTMLElement;
  unmountAll(): void;
  close(): Promise<void>;
}

export async function openHarness(prefix: string, language: Language = 'id'): Promise<Harness> {
  // Dexie may have been loaded before the fake was installed: point it there explicitly.
  Dexie.dependencies.indexedDB = indexedDB;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  const { db, repo } = openTestRepository(prefix);
  const i18n = await createI18n(language);
  useUiStore.setState({ language });
  const mounted: Array<() => void> = [];
  const value = { db, repository: repo } as Partial<SyncContextValue> as SyncContextValue;
  const unmountAll = () => mounted.splice(0).forEach((unmount) => unmount());
  return {
    db,
    repo,
    mount(ui, extra) {
      const host = document.createElement('div');
      document.body.append(host);
      const root = createRoot(host);
      act(() =>
        root.render(
          <I18nextProvider i18n={i18n}>
            <SyncProvider value={extra ? { ...value, ...extra } : value}>{ui}</SyncProvider>
          </I18nextProvider>,
        ),
      );
      mounted.push(() => {
        act(() => root.unmount());
        host.remove();
      });
      return host;
    },
    unmountAll,
    async close() {
      unmountAll();
      await dropTestDb(db);
    },
  };
}

/** A label's text as its accessible name: without what is aria-hidden (the required mark). */
function labelText(label: HTMLLabelElement): string {
  const copy = label.cloneNode(true) as HTMLLabelElement;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
  return copy.textContent?.trim() ?? '';
}

/** The control a label names (by its text), as a screen reader or Playwright's getByLabel finds it. */
export function byLabel<T extends HTMLElement = HTMLInputElement>(host: HTMLElement, text: string): T {
  const label = [...host.querySelectorAll('label')].find((l) => labelText(l) === text);
  const control = label?.htmlFor ? host.querySelector<T>(`#${CSS.escape(label.htmlFor)}`) : null;
  if (!control) throw new Error(`no control labelled "${text}"`);
  return control;
}

/** Sets a value the way typing does: through the element's own setter, then an input event React hears. */
export function type(control: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(control), 'value')?.set;
  act(() => {
    setter?.call(control, value);
    control.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function choose(select: HTMLSelectElement, value: string): void {
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export function button(host: HTMLElement, name: string): HTMLButtonElement {
  const found = [...host.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

/** Clicks a submit button and lets validation and the repository's write settle. */
export async function submit(host: HTMLElement, name: string): Promise<void> {
  await act(async () => {
    button(host, name).click();
    await settle();
  });
}

/** A few turns of the event loop: zod's async resolver, IndexedDB transactions, React's commit. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

export const alerts = (host: HTMLElement) =>
  [...host.querySelectorAll('[role=alert]')].map((a) => a.textContent?.trim() ?? '');
export const statusText = (host: HTMLElement) =>
  [...host.querySelectorAll('[role=status]')].map((s) => s.textContent?.trim() ?? '').join(' ');
