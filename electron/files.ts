// Save/open through the OS dialog only: the renderer never names a path, it
// only suggests a file name (reduced to its base name) and sees the bytes the
// user chose, within a size limit.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { OpenFileRequest, OpenedFile, SaveFileRequest } from '../shared/platform/bridge';
import { MAX_OPEN_FILE_BYTES } from './constants';
import { ShellError } from './errors';
import { extensionOf, mimeTypeFor } from './mime';

export type DialogLike = Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;

/** Strips folders, control and reserved characters from a suggested name. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // Control characters and the characters Windows reserves in file names.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  return cleaned.slice(0, 200) || 'posko-export';
}

export async function saveFile(
  dialog: DialogLike,
  window: BrowserWindow,
  request: SaveFileRequest,
): Promise<boolean> {
  const name = safeFileName(request.suggestedName);
  const ext = extensionOf(name);
  const result = await dialog.showSaveDialog(window, {
    defaultPath: name,
    filters: ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (result.canceled || !result.filePath) return false;
  const bytes =
    request.encoding === 'base64' ? decodeBase64(request.data) : Buffer.from(request.data, 'utf8');
  await fs.writeFile(result.filePath, bytes);
  return true;
}

function decodeBase64(data: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) {
    throw new ShellError('invalid-argument', 'data is not valid base64');
  }
  return Buffer.from(data, 'base64');
}

export async function openFile(
  dialog: DialogLike,
  window: BrowserWindow,
  request: OpenFileRequest,
  maxBytes = MAX_OPEN_FILE_BYTES,
): Promise<OpenedFile | null> {
  const result = await dialog.showOpenDialog(window, {
    properties: ['openFile'],
    filters: request.extensions.length > 0 ? [{ name: 'Files', extensions: request.extensions }] : [],
  });
  const chosen = result.canceled ? undefined : result.filePaths[0];
  if (!chosen) return null;
  // Some platforms let the user type any name past the filter.
  if (request.extensions.length > 0 && !request.extensions.includes(extensionOf(chosen))) {
    throw new ShellError('file-type', `only ${request.extensions.join(', ')} files can be attached`);
  }
  const handle = await fs.open(chosen, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ShellError('file-type', 'not a regular file');
    if (stat.size > maxBytes) {
      throw new ShellError(
        'file-too-large',
        `files up to ${Math.floor(maxBytes / 1024 / 1024)} MB can be attached`,
      );
    }
    const bytes = await handle.readFile();
    return {
      name: path.basename(chosen),
      mimeType: mimeTypeFor(chosen),
      base64: bytes.toString('base64'),
      size: bytes.length,
    };
  } finally {
    await handle.close();
  }
}
