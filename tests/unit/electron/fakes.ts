// Hand-written fakes of the few Electron objects the shell touches. Tests
// cast them to the Electron types; only the members used are implemented.
import type { BrowserWindow, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export function fakeEvent() {
  return { preventDefault: vi.fn(), defaultPrevented: false };
}

export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  currentUrl = 'app://posko/index.html';
  getURL(): string {
    return this.currentUrl;
  }
  constructor(
    readonly id = 1,
    readonly mainFrame: FakeFrame = new FakeFrame(),
  ) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  asWebContents(): WebContents {
    return this as unknown as WebContents;
  }
}

export class FakeFrame {
  detached = false;
  constructor(
    public url = 'app://posko/index.html',
    public origin = 'app://posko',
    public parent: FakeFrame | null = null,
    public processId = 7,
    public routingId = 1,
  ) {}
}

export function fakeWindow(contents = new FakeWebContents()) {
  const window = {
    webContents: contents,
    isDestroyed: vi.fn(() => false),
    isMinimized: vi.fn(() => false),
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  };
  return { window, asWindow: window as unknown as BrowserWindow };
}

export function invokeEvent(sender: FakeWebContents, frame: FakeFrame | null): IpcMainInvokeEvent {
  return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

type HeadersListener = (
  details: { responseHeaders?: Record<string, string | string[]>; url: string },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

export function fakeSession() {
  const state = {
    requestHandler: null as
      null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    checkHandler: null as null | ((...args: unknown[]) => boolean),
    deviceHandler: null as null | ((...args: unknown[]) => boolean),
    headersListener: null as null | HeadersListener,
  };
  const session = {
    setPermissionRequestHandler: (h: typeof state.requestHandler) => (state.requestHandler = h),
    setPermissionCheckHandler: (h: typeof state.checkHandler) => (state.checkHandler = h),
    setDevicePermissionHandler: (h: typeof state.deviceHandler) => (state.deviceHandler = h),
    webRequest: { onHeadersReceived: (l: HeadersListener) => (state.headersListener = l) },
  };
  return { state, session: session as unknown as Session };
}
