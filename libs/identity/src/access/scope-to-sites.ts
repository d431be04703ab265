import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError, RequestContext } from '@eid/core';

let paramCounter = 0;

/**
 * THE site-scoping helper (issue #3 "funnelled through one place"): restricts a query on site-level trial
 * data to one study and to the sites the caller may see there. Study-level roles see every site; investigators
 * and site coordinators only their own; anyone without a role in the study (admins included) sees nothing.
 *
 *   const qb = ctx.em.getRepository(Participant).createQueryBuilder('p');
 *   scopeToSites(qb, ctx, studyId);                       // p.studyId = :study AND p.siteId IN (:...sites)
 *   scopeToSites(qb, ctx, studyId, { site: 'v.siteId', study: 'v.studyId' });  // other columns
 *
 * Rows outside the scope simply do not exist for the caller: a lookup by id that finds nothing → 404.
 */
export function scopeToSites<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ctx: RequestContext,
  studyId: string,
  columns: { study?: string; site?: string } = {},
): SelectQueryBuilder<T> {
  const n = ++paramCounter % 1_000_000;
  const studyColumn = columns.study ?? `${qb.alias}.studyId`;
  const siteColumn = columns.site ?? `${qb.alias}.siteId`;
  qb.andWhere(`${studyColumn} = :scopeStudy${n}`, { [`scopeStudy${n}`]: studyId });
  const sites = visibleSites(ctx, studyId);
  if (sites === 'all') return qb;
  if (sites.length === 0) return qb.andWhere('1 = 0');
  return qb.andWhere(`${siteColumn} IN (:...scopeSites${n})`, { [`scopeSites${n}`]: sites });
}

/** 'all', or the site ids the caller may see in the study ([] = none, also for actors without a study role). */
export function visibleSites(ctx: RequestContext, studyId: string): 'all' | string[] {
  if (ctx.rolesIn(studyId).length === 0) return [];
  return ctx.siteScope(studyId);
}

/** For a record already loaded: 404 (not 403) when it lies outside the caller's sites, so existence is not leaked. */
export function assertInScope(ctx: RequestContext, record: { studyId: string; siteId: string | null }, what: string, id: string): void {
  const sites = visibleSites(ctx, record.studyId);
  const visible = sites === 'all' || (record.siteId !== null && sites.includes(record.siteId));
  if (!visible) throw AppError.notFound(what, id);
}
