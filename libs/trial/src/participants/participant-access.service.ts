import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AppError, RequestContext } from '@eid/core';
import { findProtocol, Protocol } from '@eid/domain';
import { assertInScope } from '@eid/identity';
import { PlannedVisit } from '../schedule/planned-visit.entity';
import { hydrateFromJson } from '../common/entity-json';
import { Participant } from './participant.entity';
import { Study } from '@eid/study';

export type RowLock = 'none' | 'share' | 'update';

/** The row lock, when asked, covers the participant row only. */
const LOCK_CLAUSE: Record<RowLock, string> = { none: '', share: ' FOR SHARE OF p', update: ' FOR UPDATE OF p' };
const PARTICIPANT_SQL = `SELECT to_jsonb(p) AS p FROM participant p WHERE p.id = $1`;
const PARTICIPANT_WITH_STUDY_SQL = `SELECT to_jsonb(p) AS p, to_jsonb(s) AS s FROM participant p JOIN study s ON s.id = p.study_id WHERE p.id = $1`;

/**
 * The single gate to a participant's data: site-scoped loading (another site's participant is "not found",
 * never "forbidden", so existence does not leak) and the write guards (study lock, participant/visit freeze).
 * Every participant-scoped route goes through here (STYLE.md habit 7).
 */
@Injectable()
export class ParticipantAccessService {
  /** Load a participant the caller may see, or 404. `share` blocks a concurrent freeze until commit. */
  async loadVisible(ctx: RequestContext, participantId: string, lock: RowLock = 'none'): Promise<Participant> {
    return this.loadParticipant(ctx, participantId, lock, false);
  }

  /**
   * As loadVisible, plus the participant's study in the same read (writers need its status and protocol). The
   * row lock covers the participant only (`FOR … OF p`): every writer sharing the study row would serialise on it.
   */
  async loadVisibleWithStudy(ctx: RequestContext, participantId: string, lock: RowLock = 'none'): Promise<Participant & { study: Study }> {
    return (await this.loadParticipant(ctx, participantId, lock, true)) as Participant & { study: Study };
  }

  private async loadParticipant(ctx: RequestContext, participantId: string, lock: RowLock, withStudy: boolean): Promise<Participant> {
    ctx.requireActor();
    // One hand-written statement instead of a query builder and its result transformer: this read opens every
    // participant-scoped request, eCRF writes included (issue #5). Rows come back as jsonb and are hydrated
    // through the entities' own column metadata (hydrateFromJson), so types and transformers stay TypeORM's.
    const [row] = (await ctx.em.query((withStudy ? PARTICIPANT_WITH_STUDY_SQL : PARTICIPANT_SQL) + LOCK_CLAUSE[lock], [
      participantId,
    ])) as Array<{ p: Record<string, unknown>; s?: Record<string, unknown> }>;
    if (!row) throw AppError.notFound('Participant', participantId);
    const p = hydrateFromJson(ctx.em, Participant, new Participant(), row.p);
    if (row.s) p.study = hydrateFromJson(ctx.em, Study, new Study(), row.s);
    assertInScope(ctx, p, 'Participant', participantId);
    return p;
  }

  async study(ctx: RequestContext, studyId: string): Promise<Study> {
    const study = await ctx.em.getRepository(Study).findOne({ where: { id: studyId } });
    if (!study) throw AppError.notFound('Study', studyId);
    return study;
  }

  async protocolOf(ctx: RequestContext, studyId: string): Promise<Protocol> {
    return this.protocolOfStudy(await this.study(ctx, studyId));
  }

  protocolOfStudy(study: Study): Protocol {
    const protocol = findProtocol(study.protocolId, study.protocolVersion);
    if (!protocol) throw AppError.conflict('PROTOCOL_UNKNOWN', `Protocol ${study.protocolId} v${study.protocolVersion} is not available`);
    return protocol;
  }

  /**
   * A locked study takes no change at all (ICH E6(R3): database lock); a frozen study neither.
   * Reads and exports still work — only writers call this.
   */
  async assertStudyWritable(ctx: RequestContext, studyId: string): Promise<Study> {
    return this.assertStudyRowWritable(await this.study(ctx, studyId));
  }

  assertStudyRowWritable(study: Study): Study {
    if (study.status === 'locked') throw AppError.conflict('STUDY_LOCKED', 'The study database is locked: no changes are possible');
    if (study.status === 'frozen') throw AppError.conflict('STUDY_FROZEN', 'The study database is frozen: no changes until it is unfrozen');
    return study;
  }

  /** Study lock, participant freeze, and each planned visit the change touches: the participant's own, not frozen. */
  async assertWritable(
    ctx: RequestContext,
    participant: Participant,
    plannedVisitIds: Array<string | null | undefined> = [],
  ): Promise<void> {
    // The study read with the participant (loadVisibleWithStudy) when there is one, else read now.
    if (participant.study && participant.study.id === participant.studyId) this.assertStudyRowWritable(participant.study);
    else await this.assertStudyWritable(ctx, participant.studyId);
    if (participant.frozenAt)
      throw AppError.conflict('PARTICIPANT_FROZEN', `Participant is frozen by data management: ${participant.freezeReason ?? ''}`.trim());
    const ids = [...new Set(plannedVisitIds.filter((v): v is string => typeof v === 'string'))];
    if (ids.length === 0) return;
    const visits = await ctx.em.getRepository(PlannedVisit).find({ where: { id: In(ids), participantId: participant.id } });
    // A record may only point at a visit of its own participant (issue 16 item 7; the composite foreign key is the
    // database's guarantee): another participant's visit, or none, is a 400 naming the field.
    if (visits.length < ids.length) {
      throw AppError.fieldProblems([
        { field: 'plannedVisitId', code: 'UNKNOWN_PLANNED_VISIT', reason: 'no such planned visit of this participant' },
      ]);
    }
    const frozen = visits.find((v) => v.frozenAt);
    if (frozen) throw AppError.conflict('VISIT_FROZEN', `Visit ${frozen.number} is frozen by data management`);
  }
}
