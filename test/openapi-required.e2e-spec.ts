import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { ValidationTypes } from 'class-validator';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 16 item 7: required fields are required exactly as the OpenAPI document says. For every request-body DTO
 * of every route, a property is `required` in the document if and only if its validation never skips an absent
 * value (no @IsOptional / @ValidateIf / @OptionalNotNull) — read from the same metadata Nest and class-validator use.
 */
type Cls = new (...a: unknown[]) => unknown;

function bodyDtos(t: TestApp): Set<Cls> {
  const out = new Set<Cls>();
  for (const mod of t.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as Cls | null;
      if (!cls) continue;
      for (let proto = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) {
          if (name === 'constructor') continue;
          const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, name) ?? {}) as Record<string, { index: number }>;
          const types = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as unknown[];
          for (const [key, arg] of Object.entries(args)) {
            // RouteParamtypes.BODY = 3: `${type}:${index}`
            if (key.split(':')[0] !== '3') continue;
            const type = types[arg.index];
            if (typeof type === 'function' && type !== Object) out.add(type as Cls);
          }
        }
      }
    }
  }
  return out;
}

function swaggerRequired(cls: Cls): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const props = (Reflect.getMetadata('swagger/apiModelPropertiesArray', cls.prototype) ?? []) as string[];
  for (const p of props) {
    const name = p.replace(/^:/, '');
    const meta = Reflect.getMetadata('swagger/apiModelProperties', cls.prototype, name) as { required?: boolean } | undefined;
    out.set(name, meta?.required !== false);
  }
  return out;
}

function validatorOptional(cls: Cls): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const optional = m.type === ValidationTypes.CONDITIONAL_VALIDATION;
    out.set(m.propertyName, (out.get(m.propertyName) ?? false) || optional);
  }
  return out;
}

describe('Required fields exactly as the OpenAPI document says', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('every body DTO property: required in OpenAPI ⇔ validated when absent', () => {
    const dtos = bodyDtos(t);
    expect(dtos.size).toBeGreaterThan(10);
    const mismatches: string[] = [];
    for (const cls of dtos) {
      const documented = swaggerRequired(cls);
      const optional = validatorOptional(cls);
      for (const [prop, required] of documented) {
        if (!optional.has(prop)) continue; // no validator at all: the whitelist refuses it; not a DTO field we check
        if (required === optional.get(prop))
          mismatches.push(
            `${cls.name}.${prop}: OpenAPI ${required ? 'required' : 'optional'}, validation ${optional.get(prop) ? 'optional' : 'required'}`,
          );
      }
      for (const prop of optional.keys())
        if (!documented.has(prop)) mismatches.push(`${cls.name}.${prop}: validated but not in the OpenAPI document`);
    }
    expect(mismatches).toEqual([]);
  });
});
