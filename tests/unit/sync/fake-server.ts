// A scripted stand-in for the sync API: each test decides what push and pull
// answer, and every request is recorded for assertions.
import type { Mutation, MutationResult, PullResponse, PushRequest } from '../../../shared/sync/protocol';
import type { FetchLike } from '../../../renderer/sync/transport';

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export interface ScriptedServer {
  fetch: FetchLike;
  pushes: PushRequest[];
  pulls: number[];
  onPush: (request: PushRequest, call: number) => Response | Promise<Response>;
  onPull: (cursor: number, call: number) => Response | Promise<Response>;
  onOther: (url: string) => Response;
}

export function applied(m: Mutation, rev = 1, seq = 1): MutationResult {
  return { mutationId: m.mutationId, outcome: 'applied', rev, seq };
}

export const emptyPull: PullResponse = { changes: [], conflicts: [], cursor: 0, hasMore: false };

export function scriptedServer(): ScriptedServer {
  const server: ScriptedServer = {
    pushes: [],
    pulls: [],
    onPush: (request) => json(200, { results: request.mutations.map((m) => applied(m)) }),
    onPull: () => json(200, emptyPull),
    onOther: () => json(404, { error: { code: 'not_found', message: 'nope' } }),
    fetch: async (input, init) => {
      const url = new URL(input);
      if (url.pathname === '/v1/sync/push') {
        const body = JSON.parse(String(init?.body)) as PushRequest;
        server.pushes.push(body);
        return server.onPush(body, server.pushes.length);
      }
      if (url.pathname === '/v1/sync/pull') {
        const cursor = Number(url.searchParams.get('cursor'));
        server.pulls.push(cursor);
        return server.onPull(cursor, server.pulls.length);
      }
      return server.onOther(input);
    },
  };
  return server;
}
