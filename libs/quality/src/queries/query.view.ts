import { DataQuery } from './data-query.entity';
import { DataQueryMessage } from './data-query-message.entity';

export interface QueryView {
  id: string;
  studyId: string;
  siteId: string;
  participantId: string;
  participantCode: string | null;
  entityType: string;
  recordId: string;
  field: string;
  status: DataQuery['status'];
  raisedBy: string | null;
  createdAt: Date;
  answeredAt: Date | null;
  closedAt: Date | null;
  closedBy: string | null;
  reopenCount: number;
  version: number;
  /** Whole days since the query was raised, as of the trial Clock; null for readers whose dates are shifted. */
  ageDays: number | null;
  /** `text`, `authorId` and `authorName` are null for pseudonymised readers (statisticians). */
  messages?: Array<
    Pick<DataQueryMessage, 'id' | 'kind' | 'createdAt'> & { authorId: string | null; authorName: string | null; text: string | null }
  >;
}

/**
 * A query as a pseudonymised reader (statistician) may see it (issue 16 item 2; docs/security.md
 * "Pseudonymisation"): no staff ids or names, no message text (free text typed by people).
 */
export function pseudonymisedQueryView(v: QueryView): QueryView {
  return {
    ...v,
    raisedBy: null,
    closedBy: null,
    ...(v.messages ? { messages: v.messages.map((m) => ({ ...m, authorId: null, authorName: null, text: null })) } : {}),
  };
}

export function queryView(q: DataQuery, now: Date, participantCode: string | null, messages?: DataQueryMessage[]): QueryView {
  return {
    id: q.id,
    studyId: q.studyId,
    siteId: q.siteId,
    participantId: q.participantId,
    participantCode,
    entityType: q.entityType,
    recordId: q.recordId,
    field: q.field,
    status: q.status,
    raisedBy: q.raisedBy,
    createdAt: q.createdAt,
    answeredAt: q.answeredAt,
    closedAt: q.closedAt,
    closedBy: q.closedBy,
    reopenCount: q.reopenCount,
    version: q.version,
    ageDays: Math.max(0, Math.floor((now.getTime() - new Date(q.createdAt).getTime()) / 86_400_000)),
    ...(messages
      ? {
          messages: messages.map((m) => ({
            id: m.id,
            kind: m.kind,
            authorId: m.authorId,
            authorName: m.authorName,
            text: m.text,
            createdAt: m.createdAt,
          })),
        }
      : {}),
  };
}
