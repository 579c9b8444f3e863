// Desktop notifications for the console (new assignment, promised call-back
// due). A tag replaces the earlier notification with the same tag instead of
// stacking duplicates.
import type { Notification as ElectronNotification } from 'electron';
import type { NotificationRequest } from '../shared/platform/bridge';
import { ShellError } from './errors';

export interface NotificationApi {
  isSupported(): boolean;
  create(options: { title: string; body: string }): Pick<ElectronNotification, 'show' | 'close' | 'on'>;
}

export function createNotifier(api: NotificationApi, onClick: () => void) {
  const byTag = new Map<string, Pick<ElectronNotification, 'close'>>();
  return (request: NotificationRequest): void => {
    if (!api.isSupported())
      throw new ShellError('unsupported', 'notifications are not supported on this system');
    const notification = api.create({ title: request.title, body: request.body });
    if (request.tag) {
      byTag.get(request.tag)?.close();
      byTag.set(request.tag, notification);
      notification.on('close', () => {
        if (byTag.get(request.tag ?? '') === notification) byTag.delete(request.tag ?? '');
      });
    }
    notification.on('click', onClick);
    notification.show();
  };
}
