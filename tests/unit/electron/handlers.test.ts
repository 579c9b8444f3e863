import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { openFile, safeFileName, saveFile } from '../../../electron/files';
import { createHandlers } from '../../../electron/handlers';
import type { HandlerServices } from '../../../electron/handlers';
import { createNotifier } from '../../../electron/notifications';
import { fakeWindow } from './fakes';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'posko-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const { asWindow } = fakeWindow();
const dialogSaving = (filePath: string | undefined) => ({
  showSaveDialog: vi.fn(async () => ({ canceled: filePath === undefined, filePath: filePath ?? '' })),
  showOpenDialog: vi.fn(),
});
const dialogOpening = (filePaths: string[]) => ({
  showSaveDialog: vi.fn(),
  showOpenDialog: vi.fn(async () => ({ canceled: filePaths.length === 0, filePaths })),
});

describe('save and open through the OS dialog', () => {
  it('suggests only a base name and writes utf8 or base64 data', async () => {
    const target = path.join(dir, 'out.csv');
    const dialog = dialogSaving(target);
    const saved = await saveFile(dialog, asWindow, {
      suggestedName: '../../etc/kasus.csv',
      mimeType: 'text/csv',
      data: 'a,b\n',
      encoding: 'utf8',
    });
    expect(saved).toBe(true);
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      asWindow,
      expect.objectContaining({ defaultPath: 'kasus.csv' }),
    );
    expect(readFileSync(target, 'utf8')).toBe('a,b\n');
    await saveFile(dialog, asWindow, {
      suggestedName: 'x.bin',
      mimeType: 'application/octet-stream',
      data: 'AAEC',
      encoding: 'base64',
    });
    expect([...readFileSync(target)]).toEqual([0, 1, 2]);
  });

  it('returns false when the user cancels and refuses invalid base64', async () => {
    await expect(
      saveFile(dialogSaving(undefined), asWindow, {
        suggestedName: 'a',
        mimeType: 'x',
        data: '',
        encoding: 'utf8',
      }),
    ).resolves.toBe(false);
    await expect(
      saveFile(dialogSaving(path.join(dir, 'b')), asWindow, {
        suggestedName: 'a',
        mimeType: 'x',
        data: '!!!',
        encoding: 'base64',
      }),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('cleans suggested names', () => {
    expect(safeFileName('C:\\Users\\x\\..\\laporan?.pdf')).toBe('laporan_.pdf');
    expect(safeFileName('...')).toBe('posko-export');
  });

  it('opens a chosen file within the size limit and extension list', async () => {
    const file = path.join(dir, 'paspor.pdf');
    writeFileSync(file, Buffer.from('%PDF-1.7'));
    const opened = await openFile(dialogOpening([file]), asWindow, { extensions: ['pdf'] });
    expect(opened).toEqual({
      name: 'paspor.pdf',
      mimeType: 'application/pdf',
      base64: Buffer.from('%PDF-1.7').toString('base64'),
      size: 8,
    });
    await expect(openFile(dialogOpening([file]), asWindow, { extensions: ['pdf'] }, 4)).rejects.toMatchObject(
      { code: 'file-too-large' },
    );
    await expect(openFile(dialogOpening([file]), asWindow, { extensions: ['jpg'] })).rejects.toMatchObject({
      code: 'file-type',
    });
    await expect(openFile(dialogOpening([]), asWindow, { extensions: [] })).resolves.toBeNull();
  });
});

describe('notifications', () => {
  it('shows a notification and replaces one with the same tag', () => {
    const made: Array<{
      show: ReturnType<typeof vi.fn>;
      close: ReturnType<typeof vi.fn>;
      on: ReturnType<typeof vi.fn>;
    }> = [];
    const notify = createNotifier(
      {
        isSupported: () => true,
        create: () => {
          const n = { show: vi.fn(), close: vi.fn(), on: vi.fn() };
          made.push(n);
          return n as never;
        },
      },
      () => {},
    );
    notify.show({ title: 'Tindak lanjut', body: 'Hubungi pelapor', tag: 'case-1' });
    notify.show({ title: 'Tindak lanjut', body: 'Hubungi pelapor lagi', tag: 'case-1' });
    expect(made[0]?.show).toHaveBeenCalled();
    expect(made[0]?.close).toHaveBeenCalled();
    expect(made[1]?.close).not.toHaveBeenCalled();
  });

  it('closes every notification still shown when the console locks, tagged or not', () => {
    const made: Array<{ close: ReturnType<typeof vi.fn> }> = [];
    const notifier = createNotifier(
      {
        isSupported: () => true,
        create: () => {
          const n = { show: vi.fn(), close: vi.fn(), on: vi.fn() };
          made.push(n);
          return n as never;
        },
      },
      () => {},
    );
    notifier.show({ title: 'Janji kabar jatuh tempo', body: 'Hubungi keluarga Aminah', tag: 'case-1' });
    notifier.show({ title: 'Janji kabar jatuh tempo', body: '2 keluarga menunggu' });
    const handlers = createHandlers({ clearNotifications: () => notifier.clearAll() } as HandlerServices);
    expect(handlers['notify:clear']({ window: asWindow })).toBeNull();
    expect(made.map((n) => n.close.mock.calls.length)).toEqual([1, 1]);
  });

  it('fails with a code when the OS has no notifications', () => {
    const notify = createNotifier({ isSupported: () => false, create: vi.fn() }, () => {});
    expect(() => notify.show({ title: 't', body: '' })).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });
});

describe('channel handlers', () => {
  it('refuses a non-https external link with a code', async () => {
    const services = { openExternal: vi.fn(async () => false) } as unknown as HandlerServices;
    const handlers = createHandlers(services);
    await expect(
      handlers['shell:open-external']({ window: asWindow }, 'https://x.example'),
    ).rejects.toMatchObject({ code: 'refused' });
  });

  it('stores secrets and returns null', async () => {
    const secrets = { get: vi.fn(), set: vi.fn(async () => {}), delete: vi.fn(async () => {}) };
    const handlers = createHandlers({ secrets } as unknown as HandlerServices);
    await expect(handlers['secrets:set']({ window: asWindow }, 'sync.token', 'v')).resolves.toBeNull();
    expect(secrets.set).toHaveBeenCalledWith('sync.token', 'v');
  });
});
