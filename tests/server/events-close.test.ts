// close() must end promptly whether event streams are still open or were
// already closed by their clients (the sync engine aborts its EventSource on
// logout, then the dev launcher stops the server).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../server/storage/storage';
import { EventHub, type StreamOwner } from '../../server/sync/events';
import { DB_KINDS, withServer } from './helpers';

/** Opens an event stream and resolves once the first poke arrived; returns its abort handle. */
async function openStream(url: string, token: string): Promise<{ abort(): void; ended: Promise<void> }> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toContain('event: poke');
  const ended = (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // aborted or reset: the stream ended either way
    }
  })();
  return { abort: () => controller.abort(), ended };
}

async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(DB_KINDS)('closing the server with event streams on %s', (kind) => {
  it('finishes after a client closed its stream first', async () => {
    const srv = await withServer(kind);
    const office = await srv.createOffice();
    const { session } = await srv.createUser({ role: 'operator', officeId: office.id });
    const stream = await openStream(`${srv.url}/v1/sync/events`, session.token);
    stream.abort();
    await stream.ended;
    await new Promise((r) => setTimeout(r, 50)); // let the server see the socket close
    await within(2000, 'close()', srv.close());
  });

  it('ends streams that are still open, promptly', async () => {
    const srv = await withServer(kind);
    const office = await srv.createOffice();
    const { session } = await srv.createUser({ role: 'operator', officeId: office.id });
    const streams = await Promise.all(
      [0, 1, 2].map(() => openStream(`${srv.url}/v1/sync/events`, session.token)),
    );
    const started = Date.now();
    await within(2000, 'close()', srv.close());
    await within(1000, 'streams ending', Promise.all(streams.map((s) => s.ended)));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('finishes with one stream closed by its client and one still open', async () => {
    const srv = await withServer(kind);
    const office = await srv.createOffice();
    const { session } = await srv.createUser({ role: 'operator', officeId: office.id });
    const gone = await openStream(`${srv.url}/v1/sync/events`, session.token);
    const open = await openStream(`${srv.url}/v1/sync/events`, session.token);
    gone.abort();
    await gone.ended;
    await new Promise((r) => setTimeout(r, 50));
    await within(2000, 'close()', srv.close());
    await within(1000, 'open stream ending', open.ended);
  });
});

const fakeStorage = { onCommit: () => () => undefined } as unknown as Storage;
const owner = (officeId: string | null): StreamOwner => ({
  tokenHash: 'h',
  userId: 'u',
  role: 'operator',
  officeId,
});

describe('EventHub', () => {
  /** A raw HTTP server whose handler waits until the client is gone, then attaches (the auth race). */
  async function raceServer(hub: EventHub, afterClientGone: (res: http.ServerResponse) => void) {
    const server = http.createServer((req, res) => {
      req.socket.once('close', () => afterClientGone(res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { server, port: (server.address() as AddressInfo).port, hub };
  }

  it('does not keep a stream whose client left before it was attached', async () => {
    const hub = new EventHub(fakeStorage);
    let attached!: () => void;
    const done = new Promise<void>((r) => (attached = r));
    const { server, port } = await raceServer(hub, (res) => {
      hub.attach(res, 7, owner(null));
      attached();
    });
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await pending;
    await done;
    expect(hub.size).toBe(0);
    hub.poke(8); // writing to a vanished client must not throw
    hub.close();
    await within(2000, 'server.close()', new Promise((r) => server.close(r)));
  });

  it('refuses streams once closed and ends half-closed clients', async () => {
    const hub = new EventHub(fakeStorage);
    const server = http.createServer((_req, res) => hub.attach(res, 1, owner(null)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const net = await import('node:net');
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => socket.once('data', r));
    expect(hub.size).toBe(1);
    const closed = new Promise((r) => socket.once('close', r));
    socket.end(); // FIN only: the server must not keep the stream open forever
    await within(2000, 'half-closed stream ending', closed);
    await new Promise((r) => setTimeout(r, 20));
    expect(hub.size).toBe(0);
    hub.close();
    const late = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.text(),
      () => 'reset',
    );
    expect(late).not.toContain('event: poke');
    expect(hub.size).toBe(0);
    await within(2000, 'server.close()', new Promise((r) => server.close(r)));
  });
});

describe('poke bookkeeping per office', () => {
  it('announces a late, lower seq to the office that has not heard it, and never an echo twice', () => {
    const hub = new EventHub(fakeStorage);
    const written: string[] = [];
    const stream = (office: string | null) => {
      const socket = {
        destroyed: false,
        on: () => undefined,
        destroy: () => undefined,
        setTimeout: () => undefined,
      };
      const res = {
        socket,
        destroyed: false,
        writableEnded: false,
        on: () => undefined,
        writeHead: () => undefined,
        write: (frame: string) => written.push(`${office ?? '*'} ${/"seq":(\d+)/.exec(frame)?.[1]}`),
        destroy: () => undefined,
      };
      hub.attach(res as unknown as http.ServerResponse, 0, owner(office));
    };
    stream('A');
    stream('B');
    stream(null);
    written.length = 0;
    hub.poke(10, ['A']); // A and the office-less stream hear 10
    hub.poke(9, ['B']); // committed earlier, noticed later: B has not heard of it yet
    hub.poke(10, ['A']); // NOTIFY echo of our own commit: nobody hears it twice
    hub.poke(11, null); // unknown offices: everyone
    expect(written).toEqual(['A 10', '* 10', 'B 9', 'A 11', 'B 11', '* 11']);
    hub.close();
  });
});
