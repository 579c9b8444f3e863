import { useEffect, useState } from 'react';
import { getPlatform } from '../platform/get-platform';

/** Online status as the host reports it (navigator.onLine in a tab, Electron's net module on desktop). */
export function useOnline(): boolean {
  const platform = getPlatform();
  const [online, setOnline] = useState(() => platform.isOnline());
  useEffect(() => platform.onOnlineChange(setOnline), [platform]);
  return online;
}
