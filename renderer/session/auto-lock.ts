// Locks the session after `minutes` without keyboard, pointer or touch input
// (config.autoLockMinutes, set by IT). A shared desk PC must not show
// complaint files to whoever sits down next. Timers and the event target are
// injected so the rule is tested without a browser.
export interface AutoLockOptions {
  minutes: number;
  lock: () => void;
  /** Only counts while someone is signed in and unlocked. */
  isActive: () => boolean;
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Starts watching; returns the function that stops it. */
export function startAutoLock(options: AutoLockOptions): () => void {
  const now = options.now ?? (() => Date.now());
  const target = options.target ?? globalThis;
  const every = options.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms));
  const cancel =
    options.clearInterval ??
    ((handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>));
  const limitMs = options.minutes * 60_000;
  let lastActivity = now();
  const touch = () => {
    lastActivity = now();
  };
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, touch, { passive: true });
  // A coarse check (every 15 s, or faster for very short limits) instead of a
  // timer reset on every mouse move: cheap, and a sleeping laptop that wakes
  // after the limit locks at once.
  const handle = every(
    () => {
      if (!options.isActive()) {
        lastActivity = now();
        return;
      }
      if (now() - lastActivity >= limitMs) {
        lastActivity = now();
        options.lock();
      }
    },
    Math.min(15_000, Math.max(1000, limitMs / 4)),
  );
  return () => {
    cancel(handle);
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, touch);
  };
}
