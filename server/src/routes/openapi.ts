import type { Hono } from 'hono';
import { z } from 'zod';
import { EntitySchemas, ErrorBody, MeResponse, MutationArgs, PullQuery, PullResponse, PushRequest, PushResponse } from '../../../lib/domain';
import type { AppEnv } from '../http';
import { IngestTouch } from './ingest';

/** Component schemas straight from the shared zod schemas, so the document cannot drift. */
function component(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'inline' });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = {
  '400': { description: 'Bad input (bad_request, validation_failed)', ...json('ErrorBody') },
  '401': { description: 'Missing, unknown or revoked token', ...json('ErrorBody') },
  '403': { description: 'Role may not do this', ...json('ErrorBody') },
  '413': { description: 'Body too large', ...json('ErrorBody') },
  '415': { description: 'Wrong content type', ...json('ErrorBody') },
  '429': { description: 'Rate limited', ...json('ErrorBody') },
};

export function openApiDocument(version: string): unknown {
  const schemas: Record<string, unknown> = {
    ErrorBody: component(ErrorBody),
    MeResponse: component(MeResponse),
    PushRequest: component(PushRequest),
    PushResponse: component(PushResponse),
    PullResponse: component(PullResponse),
    IngestRequest: component(z.strictObject({ touches: z.array(IngestTouch).max(5000) })),
    ...Object.fromEntries(Object.entries(EntitySchemas).map(([name, schema]) => [`Entity_${name}`, component(schema)])),
    ...Object.fromEntries(Object.entries(MutationArgs).map(([name, schema]) => [`MutationArgs_${name}`, component(schema)])),
  };
  const pullQuery = component(PullQuery) as { properties: Record<string, unknown> };
  const pullParams = Object.entries(pullQuery.properties).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
  return {
    openapi: '3.1.0',
    info: { title: 'Aun sync server', version, description: 'See docs/api.md for the rules behind each route.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas },
    security: [{ bearer: [] }],
    paths: {
      '/api/health': { get: { security: [], summary: 'Liveness and storage kind', responses: { '200': { description: '{ok, version, storage}' } } } },
      '/api/openapi.json': { get: { security: [], summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/api/me': { get: { summary: 'The caller, the workspace and the current lead definition', responses: { '200': json('MeResponse'), ...errors } } },
      '/api/sync/push': {
        post: { summary: 'Apply mutations in order (Replicache rules)', requestBody: json('PushRequest'), responses: { '200': json('PushResponse'), ...errors } },
      },
      '/api/sync/pull': { get: { summary: 'Changes after a cursor', parameters: pullParams, responses: { '200': json('PullResponse'), ...errors } } },
      '/api/ingest/touches': {
        post: { summary: 'Integration ingest of touches (≤ 5,000)', requestBody: json('IngestRequest'), responses: { '200': { description: 'Counts' }, ...errors } },
      },
      '/api/import/leads': {
        post: {
          summary: 'CSV import of leads (UTF-8 or Shift_JIS)',
          parameters: [{ name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } }],
          requestBody: { content: { 'text/csv': { schema: { type: 'string' } }, 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } },
          responses: { '200': { description: 'Row counts and rejected rows' }, ...errors },
        },
      },
    },
  };
}

export function registerOpenApi(app: Hono<AppEnv>, deps: { version: string }): void {
  let cached: unknown;
  app.get('/api/openapi.json', (c) => c.json((cached ??= openApiDocument(deps.version)) as object));
}
