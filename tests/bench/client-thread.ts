// The HTTP client of a throughput figure on its own thread, the way a server is
// measured from another machine: serializing 500 mutations per request, or
// decoding 8 MB pull pages, is the client's work, and on the server's event
// loop it was ~13% of the push figure and a third of the pull figure. The
// worker still shares this machine's two cores, so a figure stays a lower
// bound of the server alone.
import { Worker } from 'node:worker_threads';

// Plain JavaScript run with `eval`: no TypeScript loader in the worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
// node:http with one kept-alive socket, not fetch(): undici's fetch cost ~3 ms a request here, time
// in which the server sat idle waiting for the next push (10% of the figure).
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function request(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const payload = body === undefined ? undefined : Buffer.from(body);
    if (payload) headers = { ...headers, 'content-length': payload.length };
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
async function push({ url, token, bodies, outcome }) {
  const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
  for (const body of bodies) {
    const { status, text } = await request(url, 'POST', headers, body);
    if (status !== 200) throw new Error('push: ' + status + ' ' + text.slice(0, 200));
    const bad = JSON.parse(text).results.find((r) => r.outcome !== outcome);
    if (bad) throw new Error('push: expected ' + outcome + ', got ' + JSON.stringify(bad));
  }
}
// Every page from the cursor. The body is read as text, but only cursor and hasMore are taken from
// its tail: the figure is the server's, not a JSON.parse of every record.
async function pull({ url, token, cursor, limit, times }) {
  const headers = { authorization: 'Bearer ' + token };
  const durations = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    for (let at = cursor, more = true; more; ) {
      const { status, text } = await request(url + (url.includes('?') ? '&' : '?') + 'cursor=' + at + '&limit=' + limit, 'GET', headers);
      if (status !== 200) throw new Error('pull: ' + status + ' ' + text.slice(0, 200));
      const tail = /"cursor":(\\d+),"hasMore":(true|false)}$/.exec(text.slice(-80));
      if (!tail) throw new Error('pull: unexpected response tail');
      at = Number(tail[1]);
      more = tail[2] === 'true';
    }
    durations.push(performance.now() - t0);
  }
  return durations;
}
(async () => {
  const t0 = performance.now();
  if (workerData.kind === 'push') {
    await push(workerData);
    parentPort.postMessage([performance.now() - t0]);
  } else parentPort.postMessage(await pull(workerData));
  agent.destroy();
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

type Job =
  | { kind: 'push'; url: string; token: string; bodies: string[]; outcome: string }
  | { kind: 'pull'; url: string; token: string; cursor: number; limit: number; times: number };

function runOnThread(job: Job): Promise<number[]> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job });
  return new Promise<number[]>((resolve, reject) => {
    worker.once('message', (message: number[] | { error: string }) => {
      void worker.terminate();
      if (Array.isArray(message)) resolve(message);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
  });
}

/**
 * POSTs the JSON `bodies` to `url` one after the other from a worker thread; the milliseconds from
 * the first request to the last answer. Every result must have `outcome`.
 */
export async function postFromThread(
  url: string,
  token: string,
  bodies: string[],
  outcome: string,
): Promise<number> {
  const [ms] = await runOnThread({ kind: 'push', url, token, bodies, outcome });
  return ms!;
}

/**
 * Pulls every page of `url` from `cursor`, `times` times over, from a worker thread; the
 * milliseconds of each full pass.
 */
export function pullFromThread(
  url: string,
  token: string,
  cursor: number,
  limit: number,
  times: number,
): Promise<number[]> {
  return runOnThread({ kind: 'pull', url, token, cursor, limit, times });
}
