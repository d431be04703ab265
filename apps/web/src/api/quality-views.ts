/** Data-quality answers (queries, overdue lists, PML suspicions); their operations declare no response schema. */
export interface QueryMessage {
  id: string;
  kind: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string;
}

export interface DataQuery {
  id: string;
  studyId: string;
  siteId: string;
  participantId: string;
  participantCode: string | null;
  entityType: string;
  recordId: string;
  field: string;
  status: 'open' | 'answered' | 'closed';
  createdAt: string;
  answeredAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  version: number;
  ageDays: number | null;
  messages?: QueryMessage[];
}

export interface OverdueList {
  studyId: string;
  kind: string;
  /** The sites' common local date; null when the sites in scope are on different dates at this instant. */
  asOf: string | null;
  total: number;
  sites: { siteId: string; siteCode?: string; asOf?: string; count: number }[];
  items: Record<string, unknown>[];
  nextCursor: string | null;
}

export interface DataQualityReport {
  asOf: string;
  definitions: Record<string, string>;
  sites: {
    siteCode: string;
    openQueries: { total: number; byAge: Record<string, number> };
    answeredQueries: number;
    sdv: { records: number; verified: number; proportion: number };
    overdueVisits: number;
    missedInfusions: number;
  }[];
}
