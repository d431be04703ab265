import { diffChanges } from '@eid/audit';
import { evaluateEligibility, type Protocol } from '@eid/domain';
import {
  ADVERSE_EVENT_FORM,
  CLINIC_VISIT_FORM,
  EDSS_FORM,
  eligibilityInputOf,
  INFUSION_FORM,
  JCV_FORM,
  MRI_FORM,
  RELAPSE_FORM,
  TROUGH_FORM,
  type CreateScreeningDto,
  type EcrfFormDefinition,
} from '@eid/trial';
import type { BulkAuditEvent } from './audit-chain-writer';
import type { BulkColumn } from './bulk-insert';
import { copyLine } from './copy-text';
import { generateParticipant } from './trial-generator';
import type { SynthOptions, SynthParticipant, SynthRecordBase } from './synthetic-trial.types';

/** What the encoder needs of the target study (plain data: it crosses into worker threads). */
export interface SynthBatchTarget {
  studyId: string;
  sites: Array<{ id: string; code: string; investigatorUserId: string }>;
  protocol: Protocol;
  correlationId: string;
}

type Col = [string, BulkColumn['type']];
const cols = (list: Col[]): BulkColumn[] => list.map(([name, type]) => ({ name, type }));
const RECORD_COLS: Col[] = [
  ['id', 'uuid'],
  ['study_id', 'uuid'],
  ['site_id', 'uuid'],
  ['participant_id', 'uuid'],
  ['planned_visit_id', 'uuid'],
  ['warnings', 'jsonb'],
  ['version', 'int'],
  ['created_by', 'uuid'],
  ['updated_by', 'uuid'],
];

/** Each eCRF table: its form definition (fields, entity type), its own columns and how a record maps onto them. */
interface FormTable<R extends SynthRecordBase> {
  form: EcrfFormDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  columns: Col[];
  records: (p: SynthParticipant) => R[];
  values: (r: R) => unknown[];
}
const table = <R extends SynthRecordBase>(t: FormTable<R>) => t as unknown as FormTable<SynthRecordBase>;

// Infusions before troughs: a trough references the infusion it precedes (FK).
const FORM_TABLES: FormTable<SynthRecordBase>[] = [
  table({
    form: INFUSION_FORM,
    columns: [
      ['date', 'date'],
      ['dose_mg', 'int'],
      ['lot_number', 'text'],
      ['administered', 'bool'],
    ],
    records: (p) => p.infusions,
    values: (r) => [r.date, r.doseMg, r.lotNumber, r.administered],
  }),
  table({
    form: TROUGH_FORM,
    columns: [
      ['sampled_on', 'date'],
      ['concentration_ug_per_ml', 'numeric'],
      ['below_lloq', 'bool'],
      ['assay', 'text'],
      ['lab', 'text'],
      ['precedes_infusion_id', 'uuid'],
    ],
    records: (p) => p.troughs,
    values: (r) => [r.sampledOn, r.concentrationUgPerMl, r.belowLloq, r.assay, r.lab, r.precedesInfusionId],
  }),
  table({
    form: JCV_FORM,
    columns: [
      ['date', 'date'],
      ['status', 'text'],
      ['index', 'numeric'],
      ['assay', 'text'],
    ],
    records: (p) => p.jcv,
    values: (r) => [r.date, r.status, r.index, r.assay],
  }),
  table({
    form: RELAPSE_FORM,
    columns: [
      ['onset_date', 'date'],
      ['functional_systems', 'text[]'],
      ['symptoms', 'text'],
      ['steroid_treatment', 'bool'],
      ['confirmed_by_neurologist', 'bool'],
      ['duration_hours', 'int'],
      ['fever_or_infection', 'bool'],
    ],
    records: (p) => p.relapses,
    values: (r) => [
      r.onsetDate,
      r.functionalSystems,
      r.symptoms,
      r.steroidTreatment,
      r.confirmedByNeurologist,
      r.durationHours ?? null,
      r.feverOrInfection ?? null,
    ],
  }),
  table({
    form: MRI_FORM,
    columns: [
      ['date', 'date'],
      ['new_or_enlarging_t2_count', 'int'],
      ['gadolinium_enhancing_count', 'int'],
      ['compared_with_date', 'date'],
    ],
    records: (p) => p.mri,
    values: (r) => [r.date, r.newOrEnlargingT2Count, r.gadoliniumEnhancingCount, r.comparedWithDate],
  }),
  table({
    form: EDSS_FORM,
    columns: [
      ['date', 'date'],
      ['score', 'numeric'],
    ],
    records: (p) => p.edss,
    values: (r) => [r.date, r.score],
  }),
  table({
    form: CLINIC_VISIT_FORM,
    columns: [
      ['date', 'date'],
      ['window_flag', 'text'],
      ['notes', 'text'],
    ],
    records: (p) => p.clinicVisits,
    values: (r) => [r.date, r.windowFlag, r.notes],
  }),
  table({
    form: ADVERSE_EVENT_FORM,
    columns: [
      ['term', 'text'],
      ['onset_date', 'date'],
      ['resolution_date', 'date'],
      ['severity', 'text'],
      ['seriousness_criteria', 'text[]'],
      ['serious', 'bool'],
      ['expedited_review', 'bool'],
      ['relatedness', 'text'],
      ['action_taken', 'text'],
      ['outcome', 'text'],
      ['pml_suspected', 'bool'],
    ],
    records: (p) => p.adverseEvents,
    values: (r) => [
      r.term,
      r.onsetDate,
      r.resolutionDate,
      r.severity,
      r.seriousnessCriteria,
      r.serious,
      r.expeditedReview,
      r.relatedness,
      r.actionTaken,
      r.outcome,
      r.pmlSuspected,
    ],
  }),
];

const PARTICIPANT_COLS = cols([
  ['id', 'uuid'],
  ['study_id', 'uuid'],
  ['site_id', 'uuid'],
  ['code', 'text'],
  ['screening_number', 'text'],
  ['screening_date', 'date'],
  ['birth_year', 'int'],
  ['sex', 'text'],
  ['ms_type', 'text'],
  ['diagnostic_criteria', 'text'],
  ['natalizumab_start_date', 'date'],
  ['prior_immunosuppressant', 'text'],
  ['infusions_before_screening', 'int'],
  ['weight_kg', 'numeric'],
  ['status', 'text'],
  ['screening_evidence', 'jsonb'],
  ['eligibility', 'jsonb'],
  ['consent_date', 'date'],
  ['enrolment_date', 'date'],
  ['created_by', 'uuid'],
  ['version', 'int'],
]);
const PLANNED_VISIT_COLS = cols([
  ['id', 'uuid'],
  ['study_id', 'uuid'],
  ['site_id', 'uuid'],
  ['participant_id', 'uuid'],
  ['kind', 'text'],
  ['number', 'int'],
  ['target_date', 'date'],
  ['window_from', 'date'],
  ['window_to', 'date'],
  ['status', 'text'],
  ['version', 'int'],
]);
const PLANNED_INFUSION_COLS = cols([
  ['id', 'uuid'],
  ['study_id', 'uuid'],
  ['site_id', 'uuid'],
  ['participant_id', 'uuid'],
  ['due_date', 'date'],
  ['window_from', 'date'],
  ['window_to', 'date'],
  ['interval_weeks', 'int'],
  ['status', 'text'],
]);
const DOSING_DECISION_COLS = cols([
  ['id', 'uuid'],
  ['study_id', 'uuid'],
  ['site_id', 'uuid'],
  ['participant_id', 'uuid'],
  ['action', 'text'],
  ['decided_on', 'date'],
  ['protocol_id', 'text'],
  ['protocol_version', 'text'],
  ['proposed_decision', 'text'],
  ['proposed_interval_weeks', 'int'],
  ['current_interval_weeks', 'int'],
  ['interval_weeks', 'int'],
  ['next_infusion_due', 'date'],
  ['proposal', 'jsonb'],
  ['inputs', 'jsonb'],
  ['reason', 'text'],
  ['decided_by', 'uuid'],
]);

/** Tables in load order (foreign keys: participant first, infusions before troughs). */
export const SYNTH_TABLES: Array<{ table: string; columns: BulkColumn[] }> = [
  { table: 'participant', columns: PARTICIPANT_COLS },
  { table: 'planned_visit', columns: PLANNED_VISIT_COLS },
  { table: 'planned_infusion', columns: PLANNED_INFUSION_COLS },
  ...FORM_TABLES.map((t) => ({ table: t.form.entityType, columns: cols([...RECORD_COLS, ...t.columns]) })),
  { table: 'dosing_decision', columns: DOSING_DECISION_COLS },
];

export interface EncodedBatch {
  participantIds: string[];
  /** COPY text per table of SYNTH_TABLES (same order), with its row count. */
  tables: Array<{ text: string; rows: number }>;
  /** Audit events in write order: the loader hashes them into the study's chain, which is sequential. */
  auditEvents: BulkAuditEvent[];
}

/**
 * Generates participants [from, to) and encodes every row the API's services would write for them
 * (screening → enrolment with visit and infusion plans → one eCRF record per fact → the dosing decisions,
 * each with its audit row). Pure CPU work with no I/O, so it runs in worker threads.
 */
export function encodeBatch(o: SynthOptions, target: SynthBatchTarget, from: number, to: number): EncodedBatch {
  const lines = SYNTH_TABLES.map(() => [] as string[]);
  const events: BulkAuditEvent[] = [];
  const participantIds: string[] = [];
  const put = (k: number, row: unknown[]) => lines[k].push(copyLine(SYNTH_TABLES[k].columns, row));
  for (let i = from; i < to; i++) {
    const p = generateParticipant(target.protocol, o, i);
    participantIds.push(p.id);
    const site = target.sites[p.siteIndex];
    const inv = site.investigatorUserId;
    const code = synthParticipantCode(site.code, p.siteNumber);
    const dto = { ...p.screening, siteId: site.id } as unknown as CreateScreeningDto;
    const eligibility = evaluateEligibility(target.protocol, eligibilityInputOf(dto), p.screening.screeningDate);
    const s = p.screening as Record<string, unknown>;
    // As ScreeningService stores it: the evidence plus the two yes/no answers.
    const evidence = {
      ...(s.evidence as object),
      mriPossible: s.mriPossible,
      otherImmunomodulatoryMedication: s.otherImmunomodulatoryMedication,
    };
    put(0, [
      p.id,
      target.studyId,
      site.id,
      code,
      s.screeningNumber,
      s.screeningDate,
      s.birthYear,
      s.sex,
      s.msType,
      s.diagnosticCriteria,
      s.natalizumabStartDate,
      s.priorImmunosuppressant,
      s.infusionsBeforeScreening,
      s.weightKg,
      'enrolled',
      evidence,
      eligibility,
      p.consentDate,
      p.consentDate,
      inv,
      2,
    ]);
    const base = { actorUserId: inv, siteId: site.id, participantId: p.id, reason: null };
    events.push({
      ...base,
      action: 'create',
      entityType: 'participant',
      entityId: p.id,
      changes: {
        screeningNumber: { old: null, new: s.screeningNumber },
        status: { old: null, new: 'screening' },
        eligible: { old: null, new: eligibility.eligible },
        screenFailReason: { old: null, new: null },
        screenFailCategory: { old: null, new: null },
      },
    });
    events.push({
      ...base,
      action: 'status-change',
      entityType: 'participant',
      entityId: p.id,
      changes: {
        status: { old: 'screening', new: 'enrolled' },
        code: { old: null, new: code },
        consentDate: { old: null, new: p.consentDate },
        enrolmentDate: { old: null, new: p.consentDate },
      },
    });
    for (const v of p.plannedVisits)
      put(1, [v.id, target.studyId, site.id, p.id, v.kind, v.number, v.targetDate, v.windowFrom, v.windowTo, 'planned', 1]);
    for (const pi of p.plannedInfusions)
      put(2, [pi.id, target.studyId, site.id, p.id, pi.dueDate, pi.windowFrom, pi.windowTo, pi.intervalWeeks, 'planned']);
    FORM_TABLES.forEach((t, k) => {
      const fields = [...(t.form.fields as string[]), 'plannedVisitId', 'warnings'];
      for (const r of t.records(p)) {
        put(3 + k, [r.id, target.studyId, site.id, p.id, r.plannedVisitId, [], 1, inv, inv, ...t.values(r)]);
        // The same diff EcrfRecordService.create audits: every non-null field, old null.
        events.push({
          ...base,
          action: 'create',
          entityType: t.form.entityType,
          entityId: r.id,
          changes: diffChanges(null, { ...r, warnings: [] } as Record<string, unknown>, fields),
        });
      }
    });
    const protocol = target.protocol;
    for (const d of p.decisions) {
      const action = d.outcome === 'overridden' ? 'override' : 'confirm';
      const basedOnProposal = { decision: d.proposal.decision, nextIntervalWeeks: d.proposal.nextIntervalWeeks, asOf: d.proposal.asOf };
      put(3 + FORM_TABLES.length, [
        d.id,
        target.studyId,
        site.id,
        p.id,
        action,
        d.date,
        protocol.id,
        protocol.version,
        d.proposal.decision,
        d.proposal.nextIntervalWeeks,
        d.proposal.currentIntervalWeeks,
        d.appliedWeeks,
        d.nextInfusionDue,
        d.proposal,
        { history: d.history, basedOnProposal },
        d.reason,
        inv,
      ]);
      // What DosingDecisionService.record audits for the same decision.
      events.push({
        ...base,
        action: action === 'override' ? 'decision-override' : 'decision-confirm',
        entityType: 'dosing_decision',
        entityId: d.id,
        reason: d.reason,
        changes: {
          intervalWeeks: { old: d.proposal.currentIntervalWeeks, new: d.appliedWeeks },
          proposal: {
            old: null,
            new: { decision: d.proposal.decision, nextIntervalWeeks: d.proposal.nextIntervalWeeks, rule: d.proposal.rule },
          },
          protocol: { old: null, new: `${protocol.id}@${protocol.version}` },
          nextInfusionDue: { old: d.proposal.nextInfusionDue, new: d.nextInfusionDue },
        },
      });
    }
  }
  return {
    participantIds,
    tables: lines.map((l) => ({ text: l.join(''), rows: l.length })),
    auditEvents: events,
  };
}

/** Participant code as EnrolmentService allocates it: site code + zero-padded per-site number. */
export function synthParticipantCode(siteCode: string, n: number): string {
  return `${siteCode}-${String(n).padStart(4, '0')}`;
}
