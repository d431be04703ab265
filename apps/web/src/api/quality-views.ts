/** Data-query answers as the pages use them (the overdue list, the PML suspicions and the data-quality report are typed from the generated schema). */
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
