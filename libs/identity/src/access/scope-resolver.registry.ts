import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Where a record lives: its study and (for site-level data) its site. */
export interface ScopeTarget {
  studyId: string;
  siteId: string | null;
}

/** Locates a record by id (one indexed query); null when it does not exist. */
export type ScopeResolver = (em: EntityManager, id: string) => Promise<ScopeTarget | null>;

/**
 * Route parameter name → how to locate the record it names. The AuthGuard uses it for `@Access(action,
 * 'participant')` routes: the first parameter of the route with a registered resolver decides. Feature modules
 * register theirs once, e.g. in `onModuleInit`:
 *
 *   registry.register('participantId', async (em, id) =>
 *     (await em.query('SELECT study_id AS "studyId", site_id AS "siteId" FROM participant WHERE id = $1', [id]))[0] ?? null);
 */
@Injectable()
export class ScopeResolverRegistry {
  private readonly resolvers = new Map<string, ScopeResolver>();

  register(param: string, resolver: ScopeResolver): void {
    if (this.resolvers.has(param)) throw new Error(`A ScopeResolver for :${param} is already registered`);
    this.resolvers.set(param, resolver);
  }

  /** The first of `params` that has a resolver, in route order. */
  find(params: string[]): { param: string; resolver: ScopeResolver } | undefined {
    for (const param of params) {
      const resolver = this.resolvers.get(param);
      if (resolver) return { param, resolver };
    }
    return undefined;
  }

  registeredParams(): string[] {
    return [...this.resolvers.keys()];
  }
}
