import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import {
  ACCESS_POLICY_KEY,
  AccessPolicy,
  Actor,
  ALLOW_ENROLMENT_TOKEN_KEY,
  ALLOW_PASSWORD_CHANGE_TOKEN_KEY,
  AppError,
  IS_PUBLIC_KEY,
} from '@eid/core';
import { TokenService, TokenType } from '../auth/token.service';
import { ActorLoader } from '../auth/actor-loader.service';
import { sessionHasSecondFactor, sessionMfaRequired } from '../auth/mfa-required';
import { actorCan } from './grants';
import { ScopeResolverRegistry, ScopeTarget } from './scope-resolver.registry';

export type GuardedRequest = Request & { user?: Actor; scopeTarget?: ScopeTarget; authSessionId?: string | null; tokenType?: TokenType };

/**
 * The global guard (APP_GUARD): every route is closed unless @Public. It authenticates the bearer token,
 * loads the Actor into `req.user` (one query, per request only), then applies the route's @Access policy.
 * A route without a policy is refused: forgetting one must never open it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly actors: ActorLoader,
    private readonly resolvers: ScopeResolverRegistry,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();

    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw AppError.unauthorized();
    const claims = await this.tokens.verify(token);
    if (!claims) throw AppError.unauthorized('The access token is invalid or expired', 'INVALID_TOKEN');
    if (claims.typ === 'mfa-enrol' && !this.reflector.getAllAndOverride<boolean>(ALLOW_ENROLMENT_TOKEN_KEY, targets)) {
      throw AppError.unauthorized('Enrol a second factor first', 'MFA_ENROLMENT_REQUIRED');
    }
    if (claims.typ === 'password-change' && !this.reflector.getAllAndOverride<boolean>(ALLOW_PASSWORD_CHANGE_TOKEN_KEY, targets)) {
      throw AppError.unauthorized('Change your password first', 'PASSWORD_CHANGE_REQUIRED');
    }
    const loaded = await this.actors.loadWithMfa(claims.sub, claims.typ === 'access' ? (claims.sid ?? null) : null);
    if (!loaded) throw AppError.unauthorized('The session has ended or the account is not active', 'INVALID_TOKEN');
    // A study may come to require a second factor for the user's role after this session was signed in without
    // one: the session's amr (kept through refreshes) decides, on every request, not only at sign-in.
    if (claims.typ === 'access' && loaded.mfaRequired && !sessionHasSecondFactor(claims.amr)) {
      throw sessionMfaRequired();
    }
    const actor = loaded.actor;
    req.user = actor;
    req.authSessionId = claims.sid ?? null;
    req.tokenType = claims.typ;

    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY_KEY, targets);
    if (!policy) throw AppError.forbidden('This route has no access policy', 'NO_ACCESS_POLICY');
    await this.authorize(policy, actor, req);
    return true;
  }

  private async authorize(policy: AccessPolicy, actor: Actor, req: GuardedRequest): Promise<void> {
    switch (policy.scope) {
      case 'authenticated':
        return;
      case 'admin':
        if (!actor.isAdmin) throw AppError.forbidden('Platform administrators only');
        return;
      case 'study': {
        const studyId = studyIdOf(req);
        if (!actorCan(actor, policy.action!, studyId))
          throw AppError.forbidden(`Your role in this study does not allow "${policy.action}"`);
        return;
      }
      case 'participant': {
        const params = Object.keys(req.params ?? {});
        const found = this.resolvers.find(params);
        if (!found)
          throw new Error(`No ScopeResolver is registered for any of :${params.join(', :')} (route ${req.method} ${req.route?.path})`);
        const id = req.params[found.param];
        if (!isUUID(String(id))) {
          throw AppError.fieldProblems([{ field: found.param, code: 'MALFORMED_ID', reason: `${found.param} must be a UUID` }]);
        }
        const target = await found.resolver(this.dataSource.manager, String(id));
        // Out of the actor's sites is indistinguishable from absent (404, issue #3 "existence is not leaked").
        if (!target || !actorCan(actor, 'read', target.studyId, target.siteId)) throw AppError.notFound('Record', String(id));
        // The action must be granted by a membership covering THIS record's site (issue 16 item 1), not by any role
        // the actor holds somewhere in the study.
        if (!actorCan(actor, policy.action!, target.studyId, target.siteId)) {
          throw AppError.forbidden(`Your role at this site does not allow "${policy.action}"`);
        }
        req.scopeTarget = target;
        return;
      }
    }
  }
}

/** `:studyId`, `?study=`, `?studyId=` or body `studyId`, validated as a UUID (400 naming the field). */
function studyIdOf(req: Request): string {
  const candidates: Array<[string, unknown]> = [
    ['studyId', req.params?.studyId],
    ['study', (req.query as Record<string, unknown>)?.study],
    ['studyId', (req.query as Record<string, unknown>)?.studyId],
    ['studyId', (req.body as Record<string, unknown> | undefined)?.studyId],
  ];
  const hit = candidates.find(([, v]) => v !== undefined && v !== '');
  if (!hit) throw AppError.fieldProblems([{ field: 'study', code: 'REQUIRED', reason: 'the study must be named' }]);
  const [field, value] = hit;
  if (typeof value !== 'string' || !isUUID(value))
    throw AppError.fieldProblems([{ field, code: 'MALFORMED_ID', reason: `${field} must be a UUID` }]);
  return value;
}
