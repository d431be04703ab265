import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { RequestContext, TransactionService } from '@eid/core';
import { mustPseudonymise } from '@eid/identity';
import { decodeCursor, encodeCursor, Page } from '../common/cursor';
import { assertCanInStudy } from '../common/trial-access';
import { ParticipantListQueryDto } from './dto/participant-list-query.dto';
import { Participant } from './participant.entity';
import { ParticipantAccessService } from './participant-access.service';

@Injectable()
export class ParticipantDirectoryService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
  ) {}

  async get(ctx: RequestContext, participantId: string): Promise<Participant> {
    return this.tx.run(ctx, async (ctx) => {
      const p = await this.access.loadVisible(ctx, participantId);
      assertCanInStudy(ctx, 'read', p.studyId);
      return this.forReader(ctx, p);
    });
  }

  /** The participants the caller may see: site scope applied in the query itself, per study of membership. */
  async list(ctx: RequestContext, q: ParticipantListQueryDto): Promise<Page<Participant>> {
    ctx.requireActor();
    return this.tx.run(ctx, async (ctx) => {
      const limit = q.limit ?? 50;
      const dir = q.order === 'desc' ? 'DESC' : 'ASC';
      const qb = ctx.em.getRepository(Participant).createQueryBuilder('p');
      {
        const studies = ctx.studyIds().filter((s) => !q.studyId || s === q.studyId);
        if (studies.length === 0) return { items: [], nextCursor: null };
        qb.andWhere(
          new Brackets((w) => {
            studies.forEach((studyId, i) => {
              const scope = ctx.siteScope(studyId);
              if (scope === 'all') w.orWhere(`p.studyId = :s${i}`, { [`s${i}`]: studyId });
              else if (scope.length) w.orWhere(`(p.studyId = :s${i} AND p.siteId IN (:...sites${i}))`, { [`s${i}`]: studyId, [`sites${i}`]: scope });
            });
            w.orWhere('false');
          }),
        );
      }
      if (q.studyId) assertCanInStudy(ctx, 'read', q.studyId);
      if (q.siteId) qb.andWhere('p.siteId = :siteId', { siteId: q.siteId });
      if (q.status) qb.andWhere('p.status = :status', { status: q.status });
      if (q.cursor) {
        const [d, id] = decodeCursor(q.cursor);
        qb.andWhere(`(p.screeningDate, p.id) ${dir === 'ASC' ? '>' : '<'} (:cd, :cid)`, { cd: d, cid: id });
      }
      const rows = await qb.orderBy('p.screeningDate', dir).addOrderBy('p.id', dir).take(limit + 1).getMany();
      const items = rows.slice(0, limit).map((p) => this.forReader(ctx, p));
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.screeningDate, last.id) : null };
    });
  }

  /**
   * Statisticians see pseudonymised data only (GDPR art. 89): the year of birth and the site's screening-log
   * number, which together with the site could point to a person, are withheld.
   */
  private forReader(ctx: RequestContext, p: Participant): Participant {
    if (!mustPseudonymise(ctx.rolesIn(p.studyId))) return p;
    return Object.assign(new Participant(), p, { birthYear: null, screeningNumber: null });
  }
}
