import type { components } from './schema';

/**
 * Names the pages use for answers of the API, each one a schema of the generated OpenAPI document (schema.d.ts,
 * from the server's DTOs): the web app declares no server type of its own.
 */
type S = components['schemas'];

export type StudyView = S['MyStudyViewDto'];
export type StudySiteView = S['MyStudySiteDto'];
export type EligibilityCriterion = S['EligibilityCriterionDto'];
export type ScheduleVisit = S['ScheduleVisitDto'];
export type AuditEventView = S['AuditEventDto'];
export type AuditEventPage = S['AuditEventPageDto'];

/** Any eCRF record as the API returns it: one of the forms' record schemas. */
export type EcrfRecord =
  | S['InfusionRecord']
  | S['TroughSampleRecord']
  | S['JcvTestRecord']
  | S['RelapseRecord']
  | S['MriScanRecord']
  | S['EdssAssessmentRecord']
  | S['AdverseEventRecord']
  | S['ClinicVisitRecord'];

/** A record read by field name in the form-generic code (records list, field-level queries, the record form). */
export type RecordView = EcrfRecord & Record<string, unknown>;
