/**
 * @eid/identity — who may do what, and where.
 *
 * For feature modules (trial data, exports, …):
 * - Route policy: every controller method carries `@Access('authenticated' | 'admin')` or
 *   `@Access(action, 'study' | 'participant')` (or `@Public()`; both metadata from @eid/core). The global AuthGuard
 *   here enforces it;
 *   test/access-matrix.e2e-spec.ts fails for a route without one.
 * - Participant-scoped routes: name the parameter `:participantId` (or another registered one) and register how
 *   to locate it: `scopeResolvers.register('participantId', (em, id) => …{ studyId, siteId })` (ScopeResolverRegistry).
 * - Site scoping of queries: `scopeToSites(qb, ctx, studyId)`; a loaded row: `assertInScope(ctx, row, 'Participant', id)`.
 * - Permission checks inside services: `assertCan(ctx, action, studyId, row.siteId)`; the table is `PERMISSIONS` in
 *   @eid/core (libs/core/src/access/permissions.ts); a permission holds only within the membership that grants it (grants.ts).
 * - Statisticians: `readsPseudonymised(ctx.actor, studyId, row.siteId)`.
 * - Re-entering a password (e-signatures, Part 11 §11.200): `passwordHasher.verify(user.passwordHash, password)`.
 * - Ids in routes: `@Param('participantId', ParseIdPipe)` (@eid/core); lists: `CursorQueryDto` + `paginate()` from @eid/core.
 */
export * from './entities/user.entity';
export * from './entities/membership.entity';
export * from './entities/refresh-token.entity';
export * from './entities/recovery-code.entity';
export * from './access/assert-can';
export * from './access/grants';
export * from './access/scope-to-sites';
export * from './access/scope-resolver.registry';
export * from './access/auth.guard';
export * from './auth/password';
export * from './auth/password-hasher.service';
export * from './auth/token.service';
export * from './auth/re-authentication.service';
export * from './auth/auth-throttle.service';
export * from './access/throttled';
export * from './admin/users-admin.service';
export * from './mfa/totp';
export * from './identity.module';
export * from './admin/dto/admin-responses.dto';
