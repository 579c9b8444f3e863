// Builds the object the preload exposes as window.posko: the PlatformBridge,
// one named function per IPC channel, nothing else. It imports only types from
// shared/ so the sandboxed preload bundle stays free of zod and Node. The page
// never receives ipcRenderer or a generic invoke(channel, ...) function.
import type { PlatformBridge, Result } from '../shared/platform/bridge';
import type { IpcChannel, IpcRequest, IpcResponse } from '../shared/platform/ipc-contract';

export type Invoke = (channel: IpcChannel, ...args: unknown[]) => Promise<unknown>;

/** The slice of the page's window the preload uses for online status. */
export interface OnlineHost {
  navigator: { onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

/** Errors cross contextBridge as message-only copies, so the code goes in the message: "[code] text". */
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`[${code}] ${message}`);
    this.name = 'BridgeError';
  }
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function createBridgeApi(invoke: Invoke, host: OnlineHost): PlatformBridge {
  async function call<C extends IpcChannel>(channel: C, ...args: IpcRequest<C>): Promise<IpcResponse<C>> {
    const result = await invoke(channel, ...args);
    if (!isResult(result)) throw new BridgeError('internal', `malformed reply on ${channel}`);
    if (!result.ok) throw new BridgeError(result.error.code, result.error.message);
    return result.value as IpcResponse<C>;
  }

  return {
    getAppInfo: () => call('app:info'),
    getConfig: () => call('config:get'),
    setConfig: (patch) => call('config:set', patch),
    getPolicyDiagnostics: () => call('config:diagnostics'),
    updates: {
      status: () => call('update:status'),
      check: () => call('update:check'),
      download: () => call('update:download'),
      install: () => call('update:install'),
    },
    secrets: {
      get: (key) => call('secrets:get', key),
      set: async (key, value) => {
        await call('secrets:set', key, value);
      },
      delete: async (key) => {
        await call('secrets:delete', key);
      },
    },
    notify: async (request) => {
      await call('notify:show', request);
    },
    clearNotifications: async () => {
      await call('notify:clear');
    },
    saveFile: (request) => call('file:save', request),
    openFile: (request) => call('file:open', request),
    openExternal: async (url) => {
      await call('shell:open-external', url);
    },
    isOnline: () => host.navigator.onLine,
    onOnlineChange: (listener) => {
      const online = () => listener(true);
      const offline = () => listener(false);
      host.addEventListener('online', online);
      host.addEventListener('offline', offline);
      return () => {
        host.removeEventListener('online', online);
        host.removeEventListener('offline', offline);
      };
    },
  };
}
