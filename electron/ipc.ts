// The main side of the IPC contract. One ipcMain.handle per channel of
// shared/platform/ipc-contract.ts; each handler checks that the message comes
// from the main frame of our window showing our origin, validates the
// arguments with the channel's zod schema, and answers with a Result. Nothing
// is thrown across IPC: Electron would serialize the stack to the page.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Result } from '../shared/platform/bridge';
import { IPC, IPC_CHANNELS } from '../shared/platform/ipc-contract';
import type { IpcChannel, IpcRequest, IpcResponse } from '../shared/platform/ipc-contract';
import { originOf } from './constants';
import { ShellError } from './errors';

export interface HandlerContext {
  window: BrowserWindow;
}

export type IpcHandlers = {
  [C in IpcChannel]: (
    ctx: HandlerContext,
    ...args: IpcRequest<C>
  ) => Promise<IpcResponse<C>> | IpcResponse<C>;
};

export interface SenderPolicy {
  getWindow: () => BrowserWindow | null;
  /** app://posko, plus a dev server origin only when explicitly configured. */
  allowedOrigins: readonly string[];
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Returns the trusted window, or the reason the sender is refused. */
export function checkSender(event: SenderEvent, policy: SenderPolicy): BrowserWindow | string {
  const window = policy.getWindow();
  if (!window || window.isDestroyed()) return 'no console window';
  const contents = window.webContents;
  if (event.sender.id !== contents.id) return 'sender is not the console window';
  const frame = event.senderFrame;
  if (!frame || frame.detached) return 'sender frame is gone';
  const main = contents.mainFrame;
  // WebFrameMain objects are not guaranteed identical for one frame; the
  // (processId, routingId) pair is.
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) {
    return 'sender is not the main frame';
  }
  // Both the frame's serialized origin and the origin of its URL must be ours:
  // a data:, blob:, file: or about: document reports "null" or a foreign origin.
  if (!policy.allowedOrigins.includes(frame.origin)) return `origin ${frame.origin} is not allowed`;
  const urlOrigin = originOf(frame.url);
  if (urlOrigin === null || !policy.allowedOrigins.includes(urlOrigin))
    return `url ${frame.url} is not allowed`;
  return window;
}

function failure(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Builds the listener for one channel; exported so tests can drive it directly. */
export function createIpcListener<C extends IpcChannel>(
  channel: C,
  handler: IpcHandlers[C],
  policy: SenderPolicy,
  log: (message: string) => void = () => {},
): (event: SenderEvent, ...args: unknown[]) => Promise<Result<IpcResponse<C>>> {
  const contract = IPC[channel];
  return async (event, ...args) => {
    const trusted = checkSender(event, policy);
    if (typeof trusted === 'string') {
      log(`IPC ${channel} refused: ${trusted}`);
      return failure('forbidden', 'this caller may not use the Posko bridge');
    }
    const parsed = contract.request.safeParse(args);
    if (!parsed.success) {
      return failure('invalid-argument', parsed.error.issues.map((i) => i.message).join('; '));
    }
    try {
      const call = handler as (ctx: HandlerContext, ...a: unknown[]) => unknown;
      const value = await call({ window: trusted }, ...(parsed.data as unknown[]));
      // Our own answer is checked too: a bug must not leak unexpected data.
      const checked = contract.response.safeParse(value);
      if (!checked.success) {
        log(`IPC ${channel} produced an invalid response: ${checked.error.message}`);
        return failure('internal', 'the desktop shell produced an invalid answer');
      }
      return { ok: true, value: checked.data as IpcResponse<C> };
    } catch (error) {
      if (error instanceof ShellError) return failure(error.code, error.message);
      log(
        `IPC ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return failure('internal', 'the desktop shell could not complete the request');
    }
  };
}

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: IpcHandlers,
  policy: SenderPolicy,
  log?: (message: string) => void,
): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, createIpcListener(channel, handlers[channel], policy, log));
  }
  return () => IPC_CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}
