import { RequestContext, SqlParams } from '@eid/core';
import { visibleSites } from '@eid/identity';

/**
 * Site scoping for the raw SQL of the quality lists and counts, from the same rule as `scopeToSites`
 * (@eid/identity): study-level roles see every site, site-level roles their own, anyone else nothing.
 * Returns a predicate on `alias.site_id` using the next positional parameter, or null when every site is visible.
 */
export function siteScopePredicate(ctx: RequestContext, studyId: string, alias: string, params: SqlParams): string | null {
  const sites = visibleSites(ctx, studyId);
  if (sites === 'all') return null;
  if (sites.length === 0) return 'false';
  return `${alias}.site_id = ANY(${params.add(sites)}::uuid[])`;
}
