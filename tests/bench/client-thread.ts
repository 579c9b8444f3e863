// The HTTP client of a throughput figure on its own thread, the way a server is
// measured from another machine: serializing 500 mutations per request and
// parsing the answers is the client's work, and on the server's event loop it
// was ~13% of the figure. The worker still shares this machine's two cores, so
// the figure stays a lower bound of the server alone.
import { Worker } from 'node:worker_threads';

// Plain JavaScript run with `eval`: no TypeScript loader in the worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { url, token, bodies, outcome } = workerData;
  const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
  const t0 = performance.now();
  for (const body of bodies) {
    const res = await fetch(url, { method: 'POST', headers, body });
    const text = await res.text();
    if (res.status !== 200) throw new Error('push: ' + res.status + ' ' + text.slice(0, 200));
    const bad = JSON.parse(text).results.find((r) => r.outcome !== outcome);
    if (bad) throw new Error('push: expected ' + outcome + ', got ' + JSON.stringify(bad));
  }
  parentPort.postMessage(performance.now() - t0);
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

/**
 * POSTs the JSON `bodies` to `url` one after the other from a worker thread; the milliseconds from
 * the first request to the last answer. Every result must have `outcome`.
 */
export function postFromThread(
  url: string,
  token: string,
  bodies: string[],
  outcome: string,
): Promise<number> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, token, bodies, outcome } });
  return new Promise<number>((resolve, reject) => {
    worker.once('message', (message: number | { error: string }) => {
      void worker.terminate();
      if (typeof message === 'number') resolve(message);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
  });
}
