import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ParticipantScopedRow } from '../common/participant-scoped-row';
import { Participant } from '../participants/participant.entity';

export const PLANNED_VISIT_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type PlannedVisitStatus = (typeof PLANNED_VISIT_STATUSES)[number];

/**
 * A protocol visit (PDNMS: clinic with relapse assessment + EDSS and MRI every 3 months, V-CADENCE) with its
 * window (V-WINDOW). A data manager can freeze one visit: records attached to it then refuse changes.
 */
@Entity('planned_visit')
@Index('uq_planned_visit_participant_number', ['participantId', 'number'], { unique: true })
@Index('ix_planned_visit_study_site_target', ['studyId', 'siteId', 'targetDate'])
// The target of the eCRF records' composite foreign key (planned_visit_id, participant_id).
@Unique('uq_planned_visit_id_participant', ['id', 'participantId'])
export class PlannedVisit extends ParticipantScopedRow {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_planned_visit_participant' })
  participant?: Participant;

  /** What the visit includes, from the protocol cadence (e.g. 'clinic+mri'). */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** 1, 2, … in order of target date; month = number × cadence. */
  @Column({ type: 'smallint' })
  number: number;

  @Column({ type: 'date' })
  targetDate: string;

  @Column({ type: 'date' })
  windowFrom: string;

  @Column({ type: 'date' })
  windowTo: string;

  @Column({ type: 'varchar', length: 12, default: 'planned' })
  status: PlannedVisitStatus;

  @Column({ type: 'timestamptz', nullable: true })
  frozenAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  frozenBy: string | null;

  @Column({ type: 'text', nullable: true })
  freezeReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
