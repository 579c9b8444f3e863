// Desktop notifications for the console (new assignment, promised call-back
// due). A tag replaces the earlier notification with the same tag instead of
// stacking duplicates. The console clears every notification it showed when it
// locks (notify:clear): what an OS notification centre keeps must not show a
// case to whoever sits down at a locked desk.
import type { Notification as ElectronNotification } from 'electron';
import type { NotificationRequest } from '../shared/platform/bridge';
import { ShellError } from './errors';

export interface NotificationApi {
  isSupported(): boolean;
  create(options: { title: string; body: string }): Pick<ElectronNotification, 'show' | 'close' | 'on'>;
}

export interface Notifier {
  show(request: NotificationRequest): void;
  /** Closes every notification still shown (tagged or not). */
  clearAll(): void;
}

export function createNotifier(api: NotificationApi, onClick: () => void): Notifier {
  const byTag = new Map<string, Pick<ElectronNotification, 'close'>>();
  const shown = new Set<Pick<ElectronNotification, 'close'>>();
  return {
    show(request) {
      if (!api.isSupported())
        throw new ShellError('unsupported', 'notifications are not supported on this system');
      const notification = api.create({ title: request.title, body: request.body });
      if (request.tag) {
        byTag.get(request.tag)?.close();
        byTag.set(request.tag, notification);
      }
      shown.add(notification);
      notification.on('close', () => {
        shown.delete(notification);
        if (request.tag && byTag.get(request.tag) === notification) byTag.delete(request.tag);
      });
      notification.on('click', onClick);
      notification.show();
    },
    clearAll() {
      for (const notification of [...shown]) notification.close();
      shown.clear();
      byTag.clear();
    },
  };
}
