// In development the renderer may come from a local Vite server instead of
// app://posko. That origin is trusted only when explicitly configured through
// POSKO_DEV_SERVER_URL, only in an unpackaged build, and only on loopback.
export function devServerUrlFrom(env: NodeJS.ProcessEnv, isPackaged: boolean): URL | null {
  const raw = env.POSKO_DEV_SERVER_URL;
  if (isPackaged || !raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  return url.protocol === 'http:' && loopback ? url : null;
}
