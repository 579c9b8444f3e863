// The OpenAPI 3.1 document is generated from the zod schemas the routes
// validate with (fastify-type-provider-zod + @fastify/swagger): a route's
// `schema` is both what Fastify checks its input against and what the
// document says, so the two cannot drift. How a route declares itself:
// docs/sync-protocol.md ("OpenAPI").
import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import {
  ApiErrorBody,
  JsonValue,
  LeafMapSchema,
  LeafPath,
  MAX_LEAVES,
  Mutation,
  PushEnvelope,
} from '../../shared/sync/protocol';
import { validationFailure } from '../errors';

/**
 * Components of the document, and the JSON Schema of the schemas zod cannot describe: the leaf map
 * and the JSON value are checked in code (one pass over a push, no per-key zod machinery), which
 * JSON Schema generation renders as `{}`. Their metadata here says what they accept.
 */
export const apiSchemas = z.registry<z.core.JSONSchemaMeta>();
apiSchemas.add(JsonValue, {
  id: 'JsonValue',
  description: 'Any JSON value (nested at most 32 levels; text as the database stores it).',
});
apiSchemas.add(LeafMapSchema, {
  id: 'LeafMap',
  description: `Leaf path -> JSON value, at most ${MAX_LEAVES} leaves (docs/sync-protocol.md, "Leaf paths").`,
  type: 'object',
  propertyNames: (({ $schema: _, ...rest }) => rest)(z.toJSONSchema(LeafPath, { target: 'draft-2020-12' })),
  additionalProperties: { $ref: '#/components/schemas/JsonValue' },
});

// A push is validated as its envelope, then each mutation on its own (a bad one is refused alone,
// server/sync/push.ts): the envelope's items are documented as the Mutation they must be.
apiSchemas.add(Mutation, { id: 'Mutation' });
apiSchemas.add(PushEnvelope.shape.mutations.element, {
  $ref: '#/components/schemas/MutationInput',
  description: 'One mutation, checked on its own: a bad one is refused alone (outcome rejected).',
});

/** The body of every error answer (server/errors.ts). */
export const ErrorResponse = z
  .object({ error: ApiErrorBody })
  .describe('Error: { error: { code, message, details? } } (docs/sync-protocol.md, "Errors")');

/** `security` of a route that needs a bearer token (POST /v1/auth/login gives one). */
export const BEARER = [{ bearer: [] }];

/**
 * The route's input after its own checks ran first (authentication, roles, a schema version):
 * routes declare `attachValidation: true`, so Fastify's validation result waits here instead of
 * answering before the handler, and an unauthenticated caller still hears 401 before 400, as
 * before. Throws the documented 400 (`validation_failed`, the field named) when the input did not
 * parse; otherwise request.body/query/params hold the parsed values (defaults and coercions applied).
 */
export function validInput<R extends FastifyRequest>(request: R): R {
  const error = request.validationError;
  if (error) throw validationFailure(error) ?? error;
  return request;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** Declared `schema.hide` (the CORS preflight, the console's static files). */
  hidden: boolean;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route added to `app` after registerApiDocs (tests compare them with the document). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

/**
 * Zod validates route input; responses are sent as JSON.stringify makes them (the document
 * describes them from their schemas, which are not re-checked on every answer: that would cost
 * each pull and push, and a mismatch would turn a served answer into a 5xx). Call before any route.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routes.push({ method, url: route.url, hidden: route.schema?.hide === true });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Posko sync API',
        // The protocol's version, not the server build's (GET /v1/health gives that to admins).
        version: '1',
        description: `Sync protocol v1, record schema version ${SCHEMA_VERSION}. See docs/sync-protocol.md.`,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: createJsonSchemaTransform({ schemaRegistry: apiSchemas, skipList: [] }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: apiSchemas }),
  });
}
