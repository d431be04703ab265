import { Injectable } from '@nestjs/common';
import { AppError, cursorKey, CursorQueryDto, Page, pageLimit, pageOf, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { assertCan, ReAuthenticator, readsPseudonymised } from '@eid/identity';
import { Clock, PlannedVisit, ParticipantAccessService, readerDateShifter, shiftDates } from '@eid/trial';
import { ESignature, SignatureScope } from './e-signature.entity';
import { SignDto } from './dto/sign.dto';
import { computeSignedData, SignedScope } from './signed-data';

/** The fixed meaning of each kind of signature (Part 11 §11.50(a)(3)): not free text, so it cannot drift. */
export const SIGNATURE_MEANINGS: Record<SignatureScope, string> = {
  visit: 'I approve the data of this visit',
  casebook: 'I approve the data of this casebook',
};

export interface SignatureView {
  id: string;
  participantId: string;
  scope: SignatureScope;
  plannedVisitId: string | null;
  visitNumber: number | null;
  windowFrom: string | null;
  windowTo: string | null;
  /** Null for pseudonymised readers (statisticians): staff are not named to them (docs/security.md). */
  signerId: string | null;
  printedName: string | null;
  meaning: string;
  signedAt: Date;
  dataHash: string;
  recordCount: number;
  /** valid = recorded valid AND the signed data still hash to the signed value. */
  state: 'valid' | 'broken';
  brokenAt: Date | null;
  brokenByChange: string | null;
  brokenBy: string | null;
  brokenCorrelationId: string | null;
  /** "signature broken by change at …" for display; null while valid. */
  message: string | null;
  /** Re-verification on read: the hash of the data as they are now equals the signed hash. */
  currentHashMatches: boolean;
}

/**
 * Electronic signatures (21 CFR Part 11 §11.50, §11.70, §11.200; issue #3/#5). The investigator re-enters the
 * password; the signature row keeps printed name, DB time, fixed meaning and the SHA-256 of the signed data
 * (signed-data.ts). SignatureBreakListener marks it broken when the signed data change.
 */
@Injectable()
export class SignatureService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly audit: AuditService,
    private readonly reauth: ReAuthenticator,
    private readonly clock: Clock,
  ) {}

  async sign(ctx: RequestContext, participantId: string, dto: SignDto): Promise<SignatureView> {
    const actor = ctx.requireActor();
    // Re-authentication (password, + second factor when enrolled: Part 11 §11.200(a)) runs outside the data
    // transaction: argon2 takes ~70 ms and must not hold a connection or locks. Failures count towards lockout.
    try {
      await this.reauth.verify(ctx, dto, 'sign', 'SIGNATURE_PASSWORD_INVALID');
    } catch (e) {
      if (e instanceof AppError && e.statusCode === 401) await this.auditFailedAttempt(ctx, participantId, dto, e.code);
      throw e;
    }
    const [user] = (await this.tx.run(ctx, (c) => c.em.query('SELECT display_name FROM app_user WHERE id = $1', [actor.userId]))) as Array<{
      display_name: string;
    }>;
    return this.tx.run(ctx, async (ctx) => {
      // FOR UPDATE of the participant, then the last_signed_at mark, before reading what is signed: in-flight eCRF
      // writers (FOR SHARE) finish first and are in the hash; later ones wait and then see the mark, so they look
      // for signatures to break (SignatureBreakListener) — a signature can never miss a concurrent change.
      const participant = await this.access.loadVisible(ctx, participantId, 'update');
      assertCan(ctx, 'sign', participant.studyId, participant.siteId);
      const study = await this.access.study(ctx, participant.studyId);
      if (study.status === 'locked') throw AppError.conflict('STUDY_LOCKED', 'The study database is locked: no changes are possible');
      if (!participant.enrolmentDate) throw AppError.conflict('PARTICIPANT_NOT_ENROLLED', 'Only an enrolled participant has data to sign');
      let visit: PlannedVisit | null = null;
      if (dto.scope === 'visit') {
        visit = await ctx.em.getRepository(PlannedVisit).findOne({ where: { id: dto.plannedVisitId, participantId: participant.id } });
        if (!visit) throw AppError.notFound('Planned visit', dto.plannedVisitId);
      }
      await ctx.em.query(`UPDATE participant SET last_signed_at = clock_timestamp() WHERE id = $1`, [participant.id]);
      const data = await computeSignedData(ctx.em, this.scopeOf(participant.id, dto.scope, visit));
      const repo = ctx.em.getRepository(ESignature);
      const sig = await repo.save(
        repo.create({
          studyId: participant.studyId,
          siteId: participant.siteId,
          participantId: participant.id,
          scope: dto.scope,
          plannedVisitId: visit?.id ?? null,
          windowFrom: visit?.windowFrom ?? null,
          windowTo: visit?.windowTo ?? null,
          signerId: actor.userId,
          printedName: user.display_name,
          meaning: SIGNATURE_MEANINGS[dto.scope],
          dataHash: data.hash,
          recordCount: data.recordCount,
          status: 'valid',
        }),
      );
      await this.audit.record(ctx, {
        action: 'sign',
        entityType: 'e_signature',
        entityId: sig.id,
        studyId: sig.studyId,
        siteId: sig.siteId,
        participantId: sig.participantId,
        changes: {
          scope: { old: null, new: sig.scope },
          plannedVisitId: { old: null, new: sig.plannedVisitId },
          meaning: { old: null, new: sig.meaning },
          printedName: { old: null, new: sig.printedName },
          dataHash: { old: null, new: sig.dataHash },
        },
        reason: sig.meaning,
      });
      return this.view(sig, visit?.number ?? null, true);
    });
  }

  async list(ctx: RequestContext, participantId: string, dto: CursorQueryDto): Promise<Page<SignatureView>> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCan(ctx, 'read', participant.studyId, participant.siteId);
      const limit = pageLimit(dto);
      const qb = ctx.em.getRepository(ESignature).createQueryBuilder('s').where('s.participantId = :pid', { pid: participant.id });
      const key = cursorKey(dto.cursor);
      // Readers whose dates are shifted get cursors without the real instant: the sort key is read back here.
      const shifter = await readerDateShifter(ctx, ctx.em, participant);
      if (key?.value === null)
        qb.andWhere('(s.signedAt, s.id) < (SELECT x.signed_at, x.id FROM e_signature x WHERE x.id = :cid)', { cid: key.id });
      else if (key) qb.andWhere('(s.signedAt, s.id) < (:cv, :cid)', { cv: key.value, cid: key.id });
      const rows = await qb
        .orderBy('s.signedAt', 'DESC')
        .addOrderBy('s.id', 'DESC')
        .take(limit + 1)
        .getMany();
      const page = pageOf(rows, limit, (s) => (shifter ? null : new Date(s.signedAt).toISOString()));
      const visits = await ctx.em.getRepository(PlannedVisit).find({ where: { participantId: participant.id } });
      const byId = new Map(visits.map((v) => [v.id, v]));
      const items: SignatureView[] = [];
      for (const s of page.items) {
        const visit = s.plannedVisitId ? (byId.get(s.plannedVisitId) ?? null) : null;
        // Re-verification: recompute from the data as they are now (the window as signed).
        const now = await computeSignedData(ctx.em, this.scopeOf(s.participantId, s.scope, visit, s));
        items.push(this.view(s, visit?.number ?? null, now.hash === s.dataHash));
      }
      // Pseudonymised readers (statisticians, issue 16 item 2): no staff ids or names.
      // With the study's date shift on, their dates are shifted by the participant's offset (date-shift.ts).
      if (readsPseudonymised(ctx.actor, participant.studyId, participant.siteId)) {
        const withheld = items.map((i) => ({ ...i, signerId: null, printedName: null, brokenBy: null }));
        return { items: shifter ? shiftDates(withheld, shifter.days(participant.id)) : withheld, nextCursor: page.nextCursor };
      }
      return { items, nextCursor: page.nextCursor };
    });
  }

  private scopeOf(participantId: string, scope: SignatureScope, visit: PlannedVisit | null, signed?: ESignature): SignedScope {
    if (scope === 'casebook' || !visit) return { participantId, scope };
    return {
      participantId,
      scope,
      visit: {
        id: visit.id,
        number: visit.number,
        targetDate: visit.targetDate,
        windowFrom: signed?.windowFrom ?? visit.windowFrom,
        windowTo: signed?.windowTo ?? visit.windowTo,
      },
    };
  }

  private view(s: ESignature, visitNumber: number | null, currentHashMatches: boolean): SignatureView {
    const state = s.status === 'valid' && currentHashMatches ? 'valid' : 'broken';
    let message: string | null = null;
    if (s.status === 'broken')
      message = `signature broken by change at ${new Date(s.brokenAt!).toISOString()} (${s.brokenByChange}; correlation ${s.brokenCorrelationId ?? '—'})`;
    else if (!currentHashMatches)
      message = 'signature broken: the signed data no longer match the signed hash (changed outside the application)';
    return {
      id: s.id,
      participantId: s.participantId,
      scope: s.scope,
      plannedVisitId: s.plannedVisitId,
      visitNumber,
      windowFrom: s.windowFrom,
      windowTo: s.windowTo,
      signerId: s.signerId,
      printedName: s.printedName,
      meaning: s.meaning,
      signedAt: s.signedAt,
      dataHash: s.dataHash,
      recordCount: s.recordCount,
      state,
      brokenAt: s.brokenAt,
      brokenByChange: s.brokenByChange,
      brokenBy: s.brokenBy,
      brokenCorrelationId: s.brokenCorrelationId,
      message,
      currentHashMatches,
    };
  }

  /**
   * Part 11 §11.300(d): attempts at unauthorised use are detected and reported. Committed in its own transaction
   * (the 401 rolls nothing else back because nothing else was written), only for a participant the caller may see.
   */
  private async auditFailedAttempt(ctx: RequestContext, participantId: string, dto: SignDto, why: string): Promise<void> {
    await this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      await this.audit.record(ctx, {
        action: 'login-failed',
        entityType: 'e_signature',
        entityId: participant.id,
        studyId: participant.studyId,
        siteId: participant.siteId,
        participantId: participant.id,
        changes: { scope: { old: null, new: dto.scope }, plannedVisitId: { old: null, new: dto.plannedVisitId ?? null } },
        reason: `electronic signature refused: ${why}`,
      });
    });
  }
}
