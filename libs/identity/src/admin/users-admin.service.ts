import { Injectable } from '@nestjs/common';
import { AppError, CursorQueryDto, Page, paginate, RequestContext, SITE_LEVEL_ROLES, TransactionService } from '@eid/core';
import { AuditService, requireReason } from '@eid/audit';
import { PasswordHasher } from '../auth/password-hasher.service';
import { passwordProblems } from '../auth/password';
import { ActorLoader } from '../auth/actor-loader.service';
import { endUserSessions } from '../auth/end-sessions';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { CreateUserDto, GrantMembershipDto } from './dto/admin.dto';
import { Study, StudySite } from '@eid/study';

/** What the API shows of a user: never the password hash or second-factor secrets. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  status: User['status'];
  isAdmin: boolean;
  ssoOnly: boolean;
  mfaEnabled: boolean;
  lastLoginAt: Date | null;
  lockedUntil: Date | null;
  createdAt: Date;
  version: number;
}

export function userView(u: User): UserView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    status: u.status,
    isAdmin: u.isAdmin,
    ssoOnly: u.passwordHash === null,
    mfaEnabled: u.totpEnabledAt !== null,
    lastLoginAt: u.lastLoginAt,
    lockedUntil: u.lockedUntil,
    createdAt: u.createdAt,
    version: u.version,
  };
}

/** User administration: accounts are created and deactivated, never deleted (the audit trail names them). */
@Injectable()
export class UsersAdminService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly actors: ActorLoader,
  ) {}

  async createUser(ctx: RequestContext, dto: CreateUserDto): Promise<UserView> {
    const email = dto.email.trim().toLowerCase();
    if (dto.password !== undefined) {
      const problems = passwordProblems(dto.password, email);
      if (problems.length) throw AppError.fieldProblems(problems);
    }
    const passwordHash = dto.password !== undefined ? await this.hasher.hash(dto.password) : null;
    return this.tx.run(ctx, async (ctx) => {
      if (await ctx.em.exists(User, { where: { email } })) throw AppError.conflict('EMAIL_TAKEN', 'A user with this e-mail already exists');
      const user = await ctx.em.save(
        ctx.em.create(User, { email, displayName: dto.displayName.trim(), passwordHash, isAdmin: dto.isAdmin ?? false }),
      );
      await this.audit.record(ctx, {
        action: 'create',
        entityType: 'user',
        entityId: user.id,
        changes: {
          email: { old: null, new: email },
          displayName: { old: null, new: user.displayName },
          isAdmin: { old: null, new: user.isAdmin },
          ssoOnly: { old: null, new: passwordHash === null },
        },
      });
      return userView(user);
    });
  }

  listUsers(ctx: RequestContext, query: CursorQueryDto): Promise<Page<UserView>> {
    return this.tx.run(ctx, async (ctx) => {
      const page = await paginate(ctx.em.getRepository(User).createQueryBuilder('u'), query, { column: 'u.email', value: (u) => u.email });
      return { items: page.items.map(userView), nextCursor: page.nextCursor };
    });
  }

  getUser(ctx: RequestContext, userId: string): Promise<UserView & { memberships: Membership[] }> {
    return this.tx.run(ctx, async (ctx) => {
      const user = await ctx.em.findOne(User, { where: { id: userId } });
      if (!user) throw AppError.notFound('User', userId);
      const memberships = await ctx.em.find(Membership, { where: { userId }, order: { createdAt: 'ASC' } });
      return { ...userView(user), memberships };
    });
  }

  /** Deactivation ends every session at once; the account and its history stay (Part 11 §11.10(e)). */
  deactivateUser(ctx: RequestContext, userId: string, reasonText: string | undefined): Promise<UserView> {
    const reason = requireReason(reasonText);
    return this.tx.run(ctx, async (ctx) => {
      if (ctx.actor?.userId === userId)
        throw AppError.conflict('CANNOT_DEACTIVATE_SELF', 'Administrators cannot deactivate their own account');
      const user = await ctx.em.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw AppError.notFound('User', userId);
      if (user.status === 'deactivated') return userView(user);
      user.status = 'deactivated';
      const saved = await ctx.em.save(user);
      await endUserSessions(ctx, this.actors, userId);
      await this.audit.record(ctx, {
        action: 'deactivate',
        entityType: 'user',
        entityId: userId,
        changes: { status: { old: 'active', new: 'deactivated' } },
        reason,
      });
      return userView(saved);
    });
  }

  /** Grants a study role. Site-level roles need a site taking part in the study; study-level roles take none. */
  grantMembership(ctx: RequestContext, userId: string, dto: GrantMembershipDto): Promise<Membership> {
    const siteLevel = SITE_LEVEL_ROLES.includes(dto.role);
    if (siteLevel && !dto.siteId)
      throw AppError.fieldProblems([{ field: 'siteId', code: 'SITE_REQUIRED', reason: `${dto.role} is a site-level role: name the site` }]);
    if (!siteLevel && dto.siteId)
      throw AppError.fieldProblems([
        { field: 'siteId', code: 'SITE_NOT_ALLOWED', reason: `${dto.role} is a study-level role: it covers every site` },
      ]);
    return this.tx.run(ctx, async (ctx) => {
      const user = await ctx.em.findOne(User, { where: { id: userId } });
      if (!user) throw AppError.notFound('User', userId);
      if (user.status !== 'active') throw AppError.conflict('USER_DEACTIVATED', 'The user is deactivated');
      if (!(await ctx.em.exists(Study, { where: { id: dto.studyId } })))
        throw AppError.fieldProblems([{ field: 'studyId', code: 'NOT_FOUND', reason: 'no such study' }]);
      if (dto.siteId && !(await ctx.em.exists(StudySite, { where: { studyId: dto.studyId, siteId: dto.siteId } }))) {
        throw AppError.fieldProblems([{ field: 'siteId', code: 'SITE_NOT_IN_STUDY', reason: 'the site does not take part in this study' }]);
      }
      const existing = await ctx.em.findOne(Membership, {
        where: { userId, studyId: dto.studyId, role: dto.role, siteId: dto.siteId ?? undefined },
      });
      if (existing && existing.siteId === (dto.siteId ?? null))
        throw AppError.conflict('MEMBERSHIP_EXISTS', 'The user already holds this role', { membership: existing });
      const membership = await ctx.em.save(
        ctx.em.create(Membership, { userId, studyId: dto.studyId, role: dto.role, siteId: dto.siteId ?? null }),
      );
      ctx.afterCommit(() => this.actors.forget(userId));
      await this.audit.record(ctx, {
        action: 'role-change',
        entityType: 'membership',
        entityId: membership.id,
        studyId: dto.studyId,
        siteId: membership.siteId,
        changes: { userId: { old: null, new: userId }, role: { old: null, new: dto.role }, siteId: { old: null, new: membership.siteId } },
        reason: dto.reason ?? null,
      });
      return membership;
    });
  }

  revokeMembership(ctx: RequestContext, userId: string, membershipId: string, reasonText: string | undefined): Promise<void> {
    const reason = requireReason(reasonText);
    return this.tx.run(ctx, async (ctx) => {
      const membership = await ctx.em.findOne(Membership, { where: { id: membershipId, userId } });
      if (!membership) throw AppError.notFound('Membership', membershipId);
      await ctx.em.delete(Membership, { id: membershipId });
      ctx.afterCommit(() => this.actors.forget(userId));
      await this.audit.record(ctx, {
        action: 'role-change',
        entityType: 'membership',
        entityId: membershipId,
        studyId: membership.studyId,
        siteId: membership.siteId,
        changes: {
          userId: { old: userId, new: null },
          role: { old: membership.role, new: null },
          siteId: { old: membership.siteId, new: null },
        },
        reason,
      });
    });
  }
}
