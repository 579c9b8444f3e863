// A minimal EventSource for Node tests (Node 20 has none): reads the SSE
// stream through fetch and dispatches `event:`/`data:` frames.
import type { EventSourceLike } from '../../../renderer/sync/live';

export class FetchEventSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  private readonly controller = new AbortController();

  constructor(url: string) {
    void this.run(url);
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.controller.abort();
  }

  private async run(url: string): Promise<void> {
    try {
      const response = await fetch(url, {
        signal: this.controller.signal,
        headers: { accept: 'text/event-stream' },
      });
      if (!response.ok || !response.body) throw new Error(`SSE ${response.status}`);
      this.onopen?.(new Event('open'));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          const data: string[] = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trim());
          }
          if (data.length === 0) continue;
          const event = { data: data.join('\n') } as MessageEvent;
          for (const listener of this.listeners.get(type) ?? []) listener(event);
        }
      }
    } catch {
      if (!this.controller.signal.aborted) this.onerror?.(new Event('error'));
    }
  }
}
