// The agency's own update feed for the desktop console (electron-updater's
// generic provider), served from a folder: POSKO_UPDATES_DIR/<channel>/ holds
// what electron-builder wrote for a release (latest.yml, latest-linux.yml,
// latest-mac.yml and the installers they name). Only those metadata files and
// the artifacts a valid one lists (plus their .blockmap) are served: never a
// directory listing, a dotfile, a link or anything else dropped in the folder.
// The metadata is parsed (yaml) and validated (zod) on every request, so a
// broken release is refused here, not by thousands of consoles.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UpdateChannel } from '../../shared/platform/policy-schema';
import { ApiError } from '../errors';

/** electron-builder's names: latest.yml (Windows), latest-mac.yml, latest-linux[-arm64].yml. */
export const FEED_METADATA = /^latest(-mac|-linux(-arm64)?)?\.yml$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$/;

const FeedFile = z.object({
  url: z.string().min(1).max(500),
  sha512: z.string().regex(/^[A-Za-z0-9+/=]{80,100}$/, 'sha512 is base64'),
  size: z.number().int().positive().optional(),
});

/** What electron-updater reads from latest*.yml (unknown fields kept, they are electron-builder's). */
export const FeedMetadata = z.looseObject({
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'version is semver'),
  files: z.array(FeedFile).min(1).max(20),
  path: z.string().max(500).optional(),
  sha512: z.string().optional(),
  releaseDate: z.string().optional(),
  /** Staged rollout: the share of installs (0-100) offered this version; electron-updater decides per install. */
  stagingPercentage: z.number().min(0).max(100).optional(),
});
export type FeedMetadata = z.infer<typeof FeedMetadata>;

export interface UpdatesOptions {
  /** POSKO_UPDATES_DIR; null: no feed on this server (every request is a 404). */
  dir: string | null;
}

export function updatesDirFromEnv(env: NodeJS.ProcessEnv): string | null {
  const dir = env.POSKO_UPDATES_DIR?.trim();
  return dir ? path.resolve(dir) : null;
}

/** A regular file inside `folder`, never a symlink (lstat), or null. */
async function regularFile(folder: string, name: string): Promise<{ file: string; size: number } | null> {
  const file = path.join(folder, name);
  if (path.dirname(file) !== folder) return null;
  const stat = await fs.lstat(file).catch(() => null);
  return stat?.isFile() ? { file, size: stat.size } : null;
}

/** Parses and validates one metadata file; throws ApiError 503 when the release is broken. */
export async function readFeedMetadata(folder: string, name: string): Promise<FeedMetadata | null> {
  const found = await regularFile(folder, name);
  if (!found) return null;
  if (found.size > 64 * 1024) throw new ApiError(503, 'update_feed_invalid', `${name} is too large`);
  let raw: unknown;
  try {
    raw = parseYaml(await fs.readFile(found.file, 'utf8'));
  } catch (error) {
    throw new ApiError(503, 'update_feed_invalid', `${name} is not valid YAML: ${String(error)}`);
  }
  const parsed = FeedMetadata.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ApiError(
      503,
      'update_feed_invalid',
      `${name}: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}

/** The artifacts a channel's valid metadata lists (relative names only), with their .blockmap. */
async function listedArtifacts(folder: string): Promise<Set<string>> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const listed = new Set<string>();
  for (const name of names.filter((n) => FEED_METADATA.test(n))) {
    const meta = await readFeedMetadata(folder, name).catch(() => null);
    if (!meta) continue;
    for (const url of [...meta.files.map((f) => f.url), ...(meta.path ? [meta.path] : [])]) {
      if (!FILE_NAME.test(url)) continue; // absolute URLs point elsewhere; nothing to serve here
      listed.add(url);
      listed.add(`${url}.blockmap`);
    }
  }
  return listed;
}

const Params = z.object({
  channel: UpdateChannel,
  file: z.string().regex(FILE_NAME, 'not a feed file name'),
});

export function updatesRoutes(root: FastifyInstance, options: UpdatesOptions): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/updates/:channel/:file',
    {
      schema: {
        summary: 'Desktop update feed (electron-updater generic provider); POSKO_UPDATES_DIR',
        params: Params,
        response: {
          200: z
            .string()
            .describe('latest*.yml (text/yaml) or an installer it lists (application/octet-stream)'),
        },
      },
    },
    async (request, reply) => {
      const { channel, file } = request.params;
      const notFound = () => new ApiError(404, 'not_found', `no update file ${channel}/${file}`);
      if (!options.dir) throw notFound();
      const folder = path.join(options.dir, channel);
      if (FEED_METADATA.test(file)) {
        const meta = await readFeedMetadata(folder, file);
        if (!meta) throw notFound();
        // Consoles must see a new release (or a changed stagingPercentage) at once.
        return reply
          .header('cache-control', 'no-cache')
          .type('text/yaml; charset=utf-8')
          .send(await fs.readFile(path.join(folder, file), 'utf8'));
      }
      if (!(await listedArtifacts(folder)).has(file)) throw notFound();
      const found = await regularFile(folder, file);
      if (!found) throw notFound();
      // A stream, which the route's typed reply (a string for the OpenAPI document) does not name.
      return (reply as FastifyReply)
        .header('content-length', found.size)
        .header('cache-control', 'public, max-age=3600')
        .type('application/octet-stream')
        .send(createReadStream(found.file));
    },
  );
}
