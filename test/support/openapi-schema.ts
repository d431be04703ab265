import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { OpenAPIObject } from '@nestjs/swagger';

/**
 * Real answers checked against the OpenAPI document with ajv (issue 18 item 3: the document is the web app's only
 * source of server types, so it must say exactly what is sent). Stricter than OpenAPI itself on purpose: an object
 * schema with properties admits no undeclared property, so an answer field the document does not name fails the
 * test instead of reaching clients untyped. `nullable: true` (OpenAPI 3.0) becomes "null or the schema", which
 * also covers nullable enums and references.
 */
type Json = Record<string, unknown>;

const ROOT = 'openapi';

function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = k === 'example' || k === 'examples' ? v : strict(v);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.nullable !== true) return out;
  const { nullable: _n, ...rest } = out;
  return { anyOf: [{ type: 'null' }, rest] };
}

export interface AnswerChecker {
  /** Problems of `value` against the named component schema; [] when it conforms. */
  schema(name: string, value: unknown): string[];
  /** Problems of `value` against the 2xx JSON answer the document declares for `VERB path` (as in `paths`). */
  answer(verb: string, path: string, value: unknown): string[];
}

/** One line per problem: `/items/0/x not declared`, `/items/0 y missing`, else ajv's message at the path. */
function describe(errors: ErrorObject[] | null | undefined): string[] {
  // The null branch of a nullable value fails whenever the value is not null: that is not a problem to report.
  const real = (errors ?? []).filter((e) => e.keyword !== 'anyOf' && !/\/anyOf\/0\/type$/.test(e.schemaPath));
  const lines = real.map((e) => {
    if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(e.params.additionalProperty)} not declared`;
    if (e.keyword === 'required') return `${e.instancePath}/${String(e.params.missingProperty)} missing`;
    return `${e.instancePath} ${e.message ?? e.keyword}`;
  });
  return [...new Set(lines)];
}

export function answerChecker(doc: OpenAPIObject): AnswerChecker {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema({ $id: ROOT, components: { schemas: strict(doc.components?.schemas ?? {}) } });
  const compiled = new Map<string, ValidateFunction>();
  const run = (key: string, make: () => ValidateFunction, value: unknown): string[] => {
    if (!compiled.has(key)) compiled.set(key, make());
    const validate = compiled.get(key)!;
    return validate(value) ? [] : describe(validate.errors);
  };
  return {
    schema(name, value) {
      if (!doc.components?.schemas?.[name]) throw new Error(`no component schema ${name}`);
      return run(`#${name}`, () => ajv.getSchema(`${ROOT}#/components/schemas/${name}`)!, value);
    },
    answer(verb, path, value) {
      const op = (doc.paths[path] as Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>)?.[
        verb.toLowerCase()
      ];
      const [, ok] = Object.entries(op?.responses ?? {}).find(([code]) => /^2/.test(code)) ?? [];
      const schema = ok?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`no JSON success answer declared for ${verb} ${path}`);
      return run(`${verb} ${path}`, () => wrap(ajv, schema), value);
    },
  };
}

/** A schema of an operation, its `#/components/schemas/…` references resolved in the document added above. */
function wrap(ajv: Ajv, schema: unknown): ValidateFunction {
  const rebased = JSON.parse(JSON.stringify(strict(schema)).replace(/"#\/components\/schemas\//g, `"${ROOT}#/components/schemas/`)) as Json;
  return ajv.compile(rebased);
}
