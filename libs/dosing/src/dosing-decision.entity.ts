import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { DecisionCode, DosingDecisionAction, IntervalDecision } from '@eid/domain';
import { Participant, ParticipantScopedRow } from '@eid/trial';

/**
 * An investigator's dosing decision: the protocol's proposal confirmed, or overridden with a reason. Append-only
 * (a later decision supersedes an earlier one; none is edited), so the row is the record of what was proposed,
 * under which protocol version, on which data, and what was chosen (ICH E6(R3) 2.12: source of trial decisions;
 * issue #4: "every decision records the protocol id + version it was made under").
 */
@Entity('dosing_decision')
// Shadow MIPD (migration 1765400000000-ShadowMipd): a probability, and a target exactly when an interval is recommended.
@Check('ck_dosing_decision_shadow_probability', `"shadow_probability" IS NULL OR ("shadow_probability" >= 0 AND "shadow_probability" <= 1)`)
@Check('ck_dosing_decision_shadow_target', `("shadow_target_ug_per_ml" IS NULL) = ("shadow_interval_weeks" IS NULL)`)
@Index('ix_dosing_decision_participant_created', ['participantId', 'createdAt'])
@Index('ix_dosing_decision_study_site', ['studyId', 'siteId'])
@Index('ux_dosing_decision_current_per_day', ['participantId', 'decidedOn'], { unique: true, where: 'superseded_at IS NULL' })
export class DosingDecision extends ParticipantScopedRow {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_dosing_decision_participant' })
  participant?: Participant;

  @Column({ type: 'varchar', length: 10 })
  action: DosingDecisionAction;

  /** The calendar day the decision was taken (= the proposal's as-of); the history's `decisions[].date`. */
  @Column({ type: 'date' })
  decidedOn: string;

  @Column({ type: 'varchar', length: 60 })
  protocolId: string;

  @Column({ type: 'varchar', length: 20 })
  protocolVersion: string;

  @Column({ type: 'varchar', length: 20 })
  proposedDecision: DecisionCode;

  @Column({ type: 'smallint' })
  proposedIntervalWeeks: number;

  @Column({ type: 'smallint' })
  currentIntervalWeeks: number;

  /** The interval chosen: the proposal's when confirmed, the investigator's when overridden. */
  @Column({ type: 'smallint' })
  intervalWeeks: number;

  /** Last infusion + chosen interval × 7 days (A7); null when no infusion was given yet. */
  @Column({ type: 'date', nullable: true })
  nextInfusionDue: string | null;

  /** The full proposal with its reasons, as shown to the investigator. */
  @Column({ type: 'jsonb' })
  proposal: IntervalDecision;

  /** Snapshot of the inputs: the participant history the proposal was computed from. */
  @Column({ type: 'jsonb' })
  inputs: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /**
   * Ids of the relapse and MRI records the proposal was computed from (issue 13): the decision answers exactly
   * this disease activity. Null on decisions recorded before the column existed.
   */
  @Column({ type: 'uuid', array: true, nullable: true })
  seenActivityIds: string[] | null;

  /** Set when a same-day decision replaced this one (the proposal changed: new activity or a safety stop). */
  @Column({ type: 'uuid', nullable: true })
  supersededBy: string | null;

  // Deferred: the earlier row is marked before the superseding one is inserted (one current decision per day).
  @ManyToOne(() => DosingDecision, { onDelete: 'RESTRICT', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'superseded_by', foreignKeyConstraintName: 'fk_dosing_decision_superseded_by' })
  supersededByDecision?: DosingDecision;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  supersededAt: Date | null;

  @Column({ type: 'uuid' })
  decidedBy: string;

  /** Shadow MIPD (issue 15): the PK model's recommendation when the decision was recorded (migration 1765400000000). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  shadowModelId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  shadowModelVersion: string | null;

  @Column({ type: 'double precision', nullable: true })
  shadowTargetUgPerMl: number | null;

  @Column({ type: 'double precision', nullable: true })
  shadowMinProbability: number | null;

  @Column({ type: 'smallint', nullable: true })
  shadowIntervalWeeks: number | null;

  /** P(steady-state trough ≥ target) at the recommended interval. */
  @Column({ type: 'double precision', nullable: true })
  shadowProbability: number | null;

  /** Millisecond precision: the list cursor carries it as an ISO string, which must compare exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
