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

/** One row of an audit trail (the API's AuditEventDto). */
export type AuditEventView = components['schemas']['AuditEventDto'];
