// The implementation behind each IPC channel, composed from the shell's
// services. Arguments arrive already validated by ipc.ts.
import type { AppInfo } from '../shared/platform/bridge';
import type { ConfigStore } from './config';
import { ShellError } from './errors';
import type { OpenExternal } from './external-links';
import type { DialogLike } from './files';
import { openFile, saveFile } from './files';
import type { IpcHandlers } from './ipc';
import type { SecretStore } from './secrets';
import type { UpdateService } from './updater';
import type { NotificationRequest } from '../shared/platform/bridge';

export interface HandlerServices {
  appInfo: () => AppInfo;
  config: Pick<ConfigStore, 'get' | 'set' | 'diagnostics'>;
  updates: Pick<UpdateService, 'status' | 'check' | 'download' | 'install'>;
  secrets: Pick<SecretStore, 'get' | 'set' | 'delete'>;
  notify: (request: NotificationRequest) => void;
  clearNotifications: () => void;
  dialog: DialogLike;
  openExternal: OpenExternal;
}

export function createHandlers(services: HandlerServices): IpcHandlers {
  return {
    'app:info': () => services.appInfo(),
    'config:get': () => services.config.get(),
    'config:set': (_ctx, patch) => services.config.set(patch),
    'config:diagnostics': () => services.config.diagnostics(),
    'update:status': () => services.updates.status(),
    'update:check': () => services.updates.check(),
    'update:download': () => services.updates.download(),
    'update:install': () => services.updates.install(),
    'secrets:get': (_ctx, key) => services.secrets.get(key),
    'secrets:set': async (_ctx, key, value) => {
      await services.secrets.set(key, value);
      return null;
    },
    'secrets:delete': async (_ctx, key) => {
      await services.secrets.delete(key);
      return null;
    },
    'notify:show': (_ctx, request) => {
      services.notify(request);
      return null;
    },
    'notify:clear': () => {
      services.clearNotifications();
      return null;
    },
    'file:save': (ctx, request) => saveFile(services.dialog, ctx.window, request),
    'file:open': (ctx, request) => openFile(services.dialog, ctx.window, request),
    'shell:open-external': async (_ctx, url) => {
      if (!(await services.openExternal(url)))
        throw new ShellError('refused', 'only https links can be opened');
      return null;
    },
  };
}
