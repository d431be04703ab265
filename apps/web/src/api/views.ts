import type { components } from './schema';

/**
 * Response shapes of endpoints whose OpenAPI operation declares no response schema (the request DTOs are
 * typed from the document; these answers are restated from the API's JSON). When the API adds response
 * DTOs, replace each with `components['schemas'][…]`.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface StudySiteView {
  id: string;
  code: string;
  name: string;
  country: string;
  timezone: string;
}

export interface StudyView {
  id: string;
  code: string;
  title: string;
  protocolId: string;
  protocolVersion: string;
  status: string;
  myRoles: { role: string; siteId: string | null }[];
  sites: StudySiteView[];
}

export interface EligibilityCriterion {
  id: string;
  label: string;
  source?: string;
  status: 'met' | 'not_met' | 'unknown';
  evidence: string;
  window?: { from: string; to: string };
  clauseStatus?: string;
}

export interface ParticipantView {
  id: string;
  studyId: string;
  siteId: string;
  code: string | null;
  screeningNumber: string;
  screeningDate: string;
  birthYear: number;
  sex: string;
  msType: string;
  natalizumabStartDate: string;
  infusionsBeforeScreening: number;
  weightKg: number | null;
  status: string;
  eligibility: { eligible?: string; criteria?: EligibilityCriterion[] };
  screenFailReason: string | null;
  consentDate: string | null;
  enrolmentDate: string | null;
  withdrawalDate: string | null;
  withdrawalReason: string | null;
  frozenAt: string | null;
  freezeReason: string | null;
  version: number;
  /** Rule P0: an open adverse event with PML suspicion suspends dosing (participant overview field). */
  dosingSuspended?: boolean;
}

/** Fields every eCRF record carries (ecrf-record.base.ts). */
export interface RecordBase {
  id: string;
  participantId: string;
  plannedVisitId: string | null;
  warnings: { code: string; message?: string; reason?: string }[];
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
}

export type RecordView = RecordBase & Record<string, unknown>;

export interface ScheduleVisit {
  id: string;
  number: number;
  kind: string;
  targetDate: string;
  windowFrom: string;
  windowTo: string;
  status: string;
  recordedDate: string | null;
  frozen: boolean;
  version: number;
}

export interface ScheduleInfusion {
  /** The stored enrolment-plan row of that date, if any: the list is derived from the next infusion due. */
  id: string | null;
  dueDate: string;
  windowFrom: string;
  windowTo: string;
  intervalWeeks: number;
  status: string;
}

export interface ScheduleView {
  participantId: string;
  asOf: string;
  visits: ScheduleVisit[];
  infusions: ScheduleInfusion[];
  nextVisitDue: unknown;
  nextInfusionDue: unknown;
  /** Rule P0: the planned infusions are on hold while a PML suspicion is open. */
  dosingSuspended?: boolean;
}

export interface TimelineView {
  participant: {
    id: string;
    code: string | null;
    studyId: string;
    siteId: string;
    status: string;
    enrolmentDate: string | null;
    consentDate: string | null;
    frozenAt: string | null;
  };
  infusions: (RecordView & { date: string; doseMg: number | null; intervalWeeks?: number | null; administered: boolean })[];
  troughs: (RecordView & { sampledOn: string; concentrationUgPerMl: number | null; belowLloq: boolean })[];
  jcv: (RecordView & { date: string; status: string; index: number | null })[];
  relapses: (RecordView & { onsetDate: string })[];
  mri: (RecordView & { date: string; newOrEnlargingT2Count: number; gadoliniumEnhancingCount: number })[];
  edss: (RecordView & { date: string; score: number })[];
  adverseEvents: (RecordView & { onsetDate: string; term: string; serious: boolean; pmlSuspected: boolean })[];
  clinicVisits: (RecordView & { date: string })[];
  decisions: { date?: string; decidedOn?: string; intervalWeeks?: number; nextIntervalWeeks?: number }[];
  schedule: ScheduleView;
}

/** One row of an audit trail (the API's AuditEventDto). */
export type AuditEventView = components['schemas']['AuditEventDto'];
