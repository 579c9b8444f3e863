// Every IPC channel in one place, with the zod schemas of its request and
// response. The preload exposes one named function per channel; the main side
// validates the request with the same schema and answers with a Result.
import { z } from 'zod';
import {
  AppConfig,
  AppInfo,
  ExternalUrl,
  NotificationRequest,
  OpenFileRequest,
  OpenedFile,
  SaveFileRequest,
  SecretKey,
  SecretValue,
  UserSettingsPatch,
} from './bridge';
import { PolicyDiagnostics, UpdateStatus } from './policy-diagnostics';

export const IPC = {
  'app:info': { request: z.tuple([]), response: AppInfo },
  'config:get': { request: z.tuple([]), response: AppConfig },
  'config:set': {
    request: z.tuple([UserSettingsPatch]),
    response: AppConfig,
  },
  'config:diagnostics': { request: z.tuple([]), response: PolicyDiagnostics },
  'update:status': { request: z.tuple([]), response: UpdateStatus },
  'update:check': { request: z.tuple([]), response: UpdateStatus },
  'update:download': { request: z.tuple([]), response: UpdateStatus },
  'update:install': { request: z.tuple([]), response: UpdateStatus },
  'secrets:get': { request: z.tuple([SecretKey]), response: SecretValue.nullable() },
  'secrets:set': { request: z.tuple([SecretKey, SecretValue]), response: z.null() },
  'secrets:delete': { request: z.tuple([SecretKey]), response: z.null() },
  'notify:show': { request: z.tuple([NotificationRequest]), response: z.null() },
  'notify:clear': { request: z.tuple([]), response: z.null() },
  'file:save': { request: z.tuple([SaveFileRequest]), response: z.boolean() },
  'file:open': { request: z.tuple([OpenFileRequest]), response: OpenedFile.nullable() },
  'shell:open-external': { request: z.tuple([ExternalUrl]), response: z.null() },
} as const;

export type IpcChannel = keyof typeof IPC;
export type IpcRequest<C extends IpcChannel> = z.infer<(typeof IPC)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof IPC)[C]['response']>;
export const IPC_CHANNELS = Object.keys(IPC) as IpcChannel[];
