// tus-js-client's HTTP stack over an injected fetch, so the uploader's requests go through the
// same kind of transport the sync engine uses (tests drop, delay or duplicate them; Chromium and
// Node run the same code). A request that hangs longer than `timeoutMs` is aborted: its answer
// counts as lost and tus resumes from the server's offset on the next attempt.
import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';
import type { FetchLike } from '../sync/transport';

export class FetchHttpStack implements HttpStack {
  constructor(
    private readonly fetchImpl: FetchLike,
    private readonly timeoutMs = 120_000,
  ) {}

  createRequest(method: string, url: string): HttpRequest {
    return new FetchRequest(this.fetchImpl, method, url, this.timeoutMs);
  }

  getName(): string {
    return 'posko-fetch';
  }
}

class FetchRequest implements HttpRequest {
  private readonly headers: Record<string, string> = {};
  private readonly controller = new AbortController();
  private onProgress: (bytesSent: number) => void = () => undefined;

  constructor(
    private readonly fetchImpl: FetchLike,
    private readonly method: string,
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  getMethod(): string {
    return this.method;
  }
  getURL(): string {
    return this.url;
  }
  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }
  getHeader(header: string): string | undefined {
    return this.headers[header];
  }
  setProgressHandler(handler: (bytesSent: number) => void): void {
    this.onProgress = handler;
  }

  async send(body: unknown): Promise<HttpResponse> {
    const bytes = body instanceof Blob ? body : null;
    const timer = setTimeout(() => this.controller.abort(), this.timeoutMs);
    try {
      this.onProgress(0);
      const response = await this.fetchImpl(this.url, {
        method: this.method,
        headers: this.headers,
        body: bytes,
        signal: this.controller.signal,
      });
      const text = await response.text();
      // fetch gives no upload progress; a chunk counts as sent once the server has answered.
      if (bytes) this.onProgress(bytes.size);
      return new FetchResponse(response, text);
    } finally {
      clearTimeout(timer);
    }
  }

  async abort(): Promise<void> {
    this.controller.abort();
  }

  getUnderlyingObject(): unknown {
    return this.controller;
  }
}

class FetchResponse implements HttpResponse {
  constructor(
    private readonly response: Response,
    private readonly body: string,
  ) {}
  getStatus(): number {
    return this.response.status;
  }
  getHeader(header: string): string | undefined {
    return this.response.headers.get(header) ?? undefined;
  }
  getBody(): string {
    return this.body;
  }
  getUnderlyingObject(): unknown {
    return this.response;
  }
}

/**
 * tus-js-client's file reader over bytes already in memory (the decrypted local file). Chunks are
 * Blob slices: tus measures them by `.size`, and fetch sends a Blob as it is.
 */
export const bytesFileReader = {
  async openFile(input: unknown) {
    if (!(input instanceof Uint8Array)) throw new Error('posko uploader: expected the file as bytes');
    const blob = new Blob([new Uint8Array(input)]);
    return {
      size: blob.size,
      async slice(start: number, end: number) {
        const stop = Math.min(end, blob.size);
        return { value: blob.slice(start, stop), done: stop >= blob.size };
      },
      close() {},
    };
  },
};
