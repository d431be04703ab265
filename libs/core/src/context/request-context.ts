import { EntityManager } from 'typeorm';
import { Actor, SiteScope, StudyRole, siteScopeFor } from './actor';
import { AppError } from '../errors/app-error';

/**
 * One object carries who acts, from where, under which correlation id, and inside which transaction
 * (STYLE.md habit 1). Services take it first; repositories come from `ctx.em` so the audit record,
 * the site scope and the transaction cannot drift apart.
 */
export class RequestContext {
  private readonly afterCommitHooks: Array<() => Promise<unknown> | unknown> = [];

  constructor(
    readonly actor: Actor | undefined,
    readonly correlationId: string,
    readonly clientIp: string | undefined = undefined,
    private readonly manager: EntityManager | undefined = undefined,
    private readonly parent: RequestContext | undefined = undefined,
  ) {}

  /** A context for work that no person started (CLI, seeding, jobs) — still attributed in the audit trail. */
  static system(correlationId: string, actor?: Actor): RequestContext {
    return new RequestContext(actor, correlationId);
  }

  get inTransaction(): boolean {
    return this.manager !== undefined;
  }

  get em(): EntityManager {
    if (!this.manager) throw new Error('RequestContext.em used outside a transaction: wrap the call in TransactionService.run');
    return this.manager;
  }

  withManager(manager: EntityManager): RequestContext {
    return new RequestContext(this.actor, this.correlationId, this.clientIp, manager, this);
  }

  requireActor(): Actor {
    if (!this.actor) throw AppError.unauthorized();
    return this.actor;
  }

  get isAdmin(): boolean {
    return this.actor?.isAdmin ?? false;
  }

  rolesIn(studyId: string): StudyRole[] {
    return (this.actor?.memberships ?? []).filter((m) => m.studyId === studyId).map((m) => m.role);
  }

  studyIds(): string[] {
    return [...new Set((this.actor?.memberships ?? []).map((m) => m.studyId))];
  }

  siteScope(studyId: string): SiteScope {
    return this.actor ? siteScopeFor(this.actor, studyId) : [];
  }

  canSeeSite(studyId: string, siteId: string): boolean {
    const scope = this.siteScope(studyId);
    return scope === 'all' ? this.isAdmin || this.rolesIn(studyId).length > 0 : scope.includes(siteId);
  }

  /** Side effects (queue jobs, notifications) run only once the surrounding transaction committed (STYLE.md habit 3). */
  afterCommit(hook: () => Promise<unknown> | unknown): void {
    if (this.parent) this.parent.afterCommit(hook);
    else this.afterCommitHooks.push(hook);
  }

  /** @internal called by TransactionService after COMMIT. */
  drainAfterCommit(): Array<() => Promise<unknown> | unknown> {
    return this.afterCommitHooks.splice(0);
  }
}
