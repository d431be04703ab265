import 'reflect-metadata';
import { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, operationsWithoutSuccessSchema } from '../apps/api/src/openapi-document';

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
});
