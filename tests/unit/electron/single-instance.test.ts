import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { enforceSingleInstance } from '../../../electron/single-instance';
import { FakeEmitter, fakeWindow } from './fakes';

function fakeApp(gotLock: boolean) {
  const app = Object.assign(new FakeEmitter(), {
    requestSingleInstanceLock: vi.fn(() => gotLock),
    quit: vi.fn(),
  });
  return app as typeof app & Parameters<typeof enforceSingleInstance>[0];
}

describe('single-instance lock', () => {
  it('quits the second instance', () => {
    const app = fakeApp(false);
    expect(enforceSingleInstance(app, () => null)).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.listeners.has('second-instance')).toBe(false);
  });

  it('keeps the first instance and focuses (and restores) its window on a second launch', () => {
    const app = fakeApp(true);
    const { window, asWindow } = fakeWindow();
    window.isMinimized.mockReturnValue(true);
    expect(enforceSingleInstance(app, () => asWindow)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('second-instance', {}, ['posko']);
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });

  it('ignores a second launch before the window exists', () => {
    const app = fakeApp(true);
    enforceSingleInstance(app, () => null);
    expect(() => app.emit('second-instance', {}, [])).not.toThrow();
  });
});
