// One error shape for every failure: { error: { code, message, details? } }.
// Bad input is always a 4xx naming the field; only our own bugs are 5xx.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError, type z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** "worker.passportNumber: passport number: 5-12 capital letters or digits" (+ how many more). */
export function describeIssues(issues: FieldIssue[]): string {
  const first = issues[0];
  if (!first) return 'invalid input';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}

const WHERE: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/**
 * A failed check of a route's schema (Fastify validation with zod, server/routes/api-docs.ts) as the
 * documented 400, each path prefixed with where the input came from ("body.mutations.0.patch: ...",
 * "query.limit: ...", "params.id: ..."). Undefined for any other error.
 */
export function validationFailure(error: unknown): ApiError | undefined {
  const err = error as { validation?: unknown; validationContext?: string } | null;
  if (!err || !Array.isArray(err.validation) || err.validation.length === 0) return undefined;
  const where = WHERE[err.validationContext ?? 'body'] ?? 'body';
  const issues: FieldIssue[] = (err.validation as { instancePath?: string; message?: string }[]).map((v) => {
    const path = (v.instancePath ?? '').split('/').filter(Boolean).join('.');
    return { path: `${where}.${path || '(root)'}`, message: v.message ?? 'invalid' };
  });
  return new ApiError(400, 'validation_failed', describeIssues(issues), { issues });
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
  // @fastify/compress: a request body in an encoding we do not take, or that does not inflate.
  FST_CP_ERR_INVALID_CONTENT_ENCODING: [415, 'unsupported_content_encoding'],
  FST_CP_ERR_INVALID_CONTENT: [400, 'invalid_compressed_body'],
};

/**
 * An unexpected error as logged: its class, code and stack frames, never its message or other
 * fields. A database error's message and detail quote the values it choked on (`Key (nik)=(...)`),
 * which may be a passport number or a name; the frames are enough to find the bug.
 */
export function loggableError(err: unknown): { type: string; code?: string; stack?: string } {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  const stack = err.stack ?? '';
  const frames = stack.indexOf('\n    at ');
  return {
    type: err.constructor?.name || err.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(frames >= 0 ? { stack: stack.slice(frames + 1) } : {}),
  };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | ApiError | ZodError, request, reply) => {
    // A route that lets Fastify answer its validation (no attachValidation) gets the same 400.
    const err = validationFailure(thrown) ?? thrown;
    if (err instanceof ApiError) {
      const body = { error: { code: err.code, message: err.message, details: err.details } };
      if (
        err.status === 429 &&
        typeof err.details === 'object' &&
        err.details &&
        'retryAfterSeconds' in err.details
      ) {
        void reply.header(
          'retry-after',
          String((err.details as { retryAfterSeconds: number }).retryAfterSeconds),
        );
      }
      return reply.status(err.status).send(body);
    }
    if (err instanceof ZodError) {
      const issues = zodIssues(err);
      return reply
        .status(400)
        .send({ error: { code: 'validation_failed', message: describeIssues(issues), details: { issues } } });
    }
    const known = 'code' in err && typeof err.code === 'string' ? FASTIFY_CODES[err.code] : undefined;
    if (known) return reply.status(known[0]).send({ error: { code: known[1], message: err.message } });
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = err instanceof SyntaxError || /JSON/i.test(err.message) ? 'invalid_json' : 'bad_request';
      return reply.status(status).send({ error: { code, message: err.message } });
    }
    request.log.error({ error: loggableError(err) }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'internal server error' } });
  });
}
