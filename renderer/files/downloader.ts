// Downloads a document's file from the server (GET /v1/documents/<id>/file) with progress, read
// as a stream so the bar moves as bytes arrive, and checks the bytes against the SHA-256 the
// document names (also the response's ETag) before anything is kept: a truncated or swapped body
// is an error, never a cached file.
import { ApiErrorBody } from '../../shared/sync/protocol';
import type { FetchLike } from '../sync/transport';

export interface DownloadedFile {
  bytes: Uint8Array;
  sha256: string;
  mimeType: string;
}

export class DownloadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function downloadFile(options: {
  fetch: FetchLike;
  baseUrl: string;
  token: string | null;
  documentId: string;
  expectedSha256: string;
  onProgress?: (received: number, total: number | null) => void;
  signal?: AbortSignal;
}): Promise<DownloadedFile> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v1/documents/${encodeURIComponent(options.documentId)}/file`;
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: 'GET',
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
      signal: options.signal,
    });
  } catch (error) {
    throw new DownloadError('network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    let body: ApiErrorBody | undefined;
    try {
      const parsed = ApiErrorBody.safeParse(((await response.json()) as { error?: unknown }).error);
      if (parsed.success) body = parsed.data;
    } catch {
      body = undefined;
    }
    throw new DownloadError(
      body?.code ?? `http_${response.status}`,
      body?.message ?? response.statusText,
      response.status,
    );
  }
  const length = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const chunks: Uint8Array[] = [];
  let received = 0;
  options.onProgress?.(0, total);
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        options.onProgress?.(received, total);
      }
    } else {
      const whole = new Uint8Array(await response.arrayBuffer());
      chunks.push(whole);
      received = whole.length;
    }
  } catch (error) {
    throw new DownloadError('network', error instanceof Error ? error.message : String(error));
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== options.expectedSha256)
    throw new DownloadError('file_hash_mismatch', 'The downloaded file does not match its checksum');
  return { bytes, sha256, mimeType: response.headers.get('Content-Type') ?? 'application/octet-stream' };
}
