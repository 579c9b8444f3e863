// Small pieces every server-facing suite needs (server suites, load, crash,
// multi-node, fuzz): the test PostgreSQL and the SSE poke frame parser. One
// copy, so a protocol change is made once. Cases and mutations come from
// case-factory.ts.
import pg from 'pg';

export const PG_URL = process.env.POSKO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `fn` on a short-lived admin connection to the test PostgreSQL (create/drop schemas). */
export async function pgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Splits buffered SSE text into complete frames and returns the seqs of the `poke` frames in
 * order, plus the unfinished tail to keep for the next chunk.
 */
export function takePokes(buffer: string): { seqs: number[]; rest: string } {
  const seqs: number[] = [];
  let rest = buffer;
  let idx: number;
  while ((idx = rest.indexOf('\n\n')) >= 0) {
    const frame = rest.slice(0, idx);
    rest = rest.slice(idx + 2);
    const data = frame.split('\n').find((l) => l.startsWith('data: '));
    if (frame.includes('event: poke') && data) seqs.push((JSON.parse(data.slice(6)) as { seq: number }).seq);
  }
  return { seqs, rest };
}
