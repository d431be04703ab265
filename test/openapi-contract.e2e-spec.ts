import 'reflect-metadata';
import { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, errorResponsesWithoutModel, operationsWithoutSuccessSchema } from '../apps/api/src/openapi-document';

/**
 * Issue 18 item 3: every operation declares its success response — a body schema, 204 No Content or a 3xx
 * redirect — so the web app is typed from the document rather than from hand-written casts. The document is
 * built as scripts/generate-openapi.ts builds it (Nest preview mode, no database).
 */
describe('OpenAPI contract: success responses', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await buildOpenApiDocument();
  });

  it('builds a document with the API routes', () => {
    expect(Object.keys(document.paths).length).toBeGreaterThan(50);
  });

  it('declares a success response schema for every operation', () => {
    expect(operationsWithoutSuccessSchema(document)).toEqual([]);
  });

  it('notices an operation without one', () => {
    const bare: OpenAPIObject = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a': { get: { responses: { '200': { description: 'no schema' } } } },
        '/b': { post: { responses: { '204': { description: 'no content' } } } },
        '/c': { get: { responses: { '302': { description: 'redirect' } } } },
      },
    };
    expect(operationsWithoutSuccessSchema(bare)).toEqual(['GET /a']);
  });

  it('answers every error status with the error model and an example', () => {
    expect(errorResponsesWithoutModel(document)).toEqual([]);
    // A typical route carries the statuses by how it is reached (see configure-app.ts addErrorResponses).
    const post = document.paths['/api/v1/participants/{participantId}/infusions'].post!;
    expect(
      Object.keys(post.responses)
        .filter((s) => /^[45]/.test(s))
        .sort(),
    ).toEqual(['400', '401', '403', '404', '409', '503']);
    const conflict = (post.responses['409'] as { content: Record<string, { schema: unknown; example: Record<string, unknown> }> }).content[
      'application/json'
    ];
    expect(conflict.schema).toEqual({ $ref: '#/components/schemas/ErrorResponseDto' });
    expect(conflict.example).toMatchObject({ statusCode: 409, code: 'STALE_VERSION' });
  });

  it('notices an error response without the model or without an example', () => {
    const example = { statusCode: 404, code: 'NOT_FOUND', message: 'x', correlationId: 'c' };
    const json = (media: object) => ({ description: 'e', content: { 'application/json': media } });
    const bare: OpenAPIObject = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a': { get: { responses: { '200': { description: 'ok' }, '404': { description: 'no content' } } } },
        '/b': { get: { responses: { '404': json({ schema: { type: 'object' } }) } } },
        '/c': { get: { responses: { '404': json({ example }) } } },
        '/d': { get: { responses: { '404': json({ schema: { type: 'object' }, example: { ...example, statusCode: 400 } }) } } },
        '/e': { get: { responses: { '404': json({ schema: { type: 'object' }, example }) } } },
      },
    };
    expect(errorResponsesWithoutModel(bare)).toEqual(['GET /a 404', 'GET /b 404', 'GET /c 404', 'GET /d 404']);
  });

  it('record schemas carry the fields the server derives, read-only', () => {
    const schemas = document.components!.schemas as Record<string, { properties: Record<string, { readOnly?: boolean; type?: string }> }>;
    expect(schemas.AdverseEventRecord.properties.serious).toMatchObject({ type: 'boolean', readOnly: true });
    expect(schemas.AdverseEventRecord.properties.expeditedReview).toMatchObject({ type: 'boolean', readOnly: true });
    expect(schemas.ClinicVisitRecord.properties.windowFlag).toMatchObject({ type: 'string', readOnly: true });
    // Derived fields are never accepted: the create schema does not name them.
    expect(schemas.CreateAdverseEventDto.properties.serious).toBeUndefined();
  });

  it('every paged list states the one default page size (DEFAULT_PAGE_LIMIT, 50)', () => {
    const limits: string[] = [];
    for (const [path, item] of Object.entries(document.paths))
      for (const [verb, op] of Object.entries(
        item as Record<string, { parameters?: Array<{ name: string; in: string; schema?: { default?: unknown } }> }>,
      ))
        for (const p of op?.parameters ?? [])
          if (p.in === 'query' && p.name === 'limit') limits.push(`${verb.toUpperCase()} ${path} ${String(p.schema?.default)}`);
    // The signatures list used to page by 20 and the PML risk report by 100 while their documents said otherwise.
    expect(limits).toContain('GET /api/v1/participants/{participantId}/signatures 50');
    expect(limits).toContain('GET /api/v1/studies/{studyId}/reports/pml-risk 50');
    expect(limits.filter((l) => !l.endsWith(' 50'))).toEqual([]);
  });

  it('no property is an object without a shape (a nullable scalar whose type reflection could not tell)', () => {
    const shapeless: string[] = [];
    for (const [name, schema] of Object.entries(
      document.components!.schemas as Record<string, { properties?: Record<string, Record<string, unknown>> }>,
    ))
      for (const [prop, p] of Object.entries(schema.properties ?? {}))
        if (p.type === 'object' && !p.properties && !p.allOf && !p.additionalProperties) shapeless.push(`${name}.${prop}`);
    expect(shapeless).toEqual([]);
  });
});
