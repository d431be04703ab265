import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ParticipantScopedRow } from '../common/participant-scoped-row';
import { Participant } from '../participants/participant.entity';

export const PLANNED_INFUSION_STATUSES = ['planned', 'superseded', 'cancelled'] as const;
export type PlannedInfusionStatus = (typeof PLANNED_INFUSION_STATUSES)[number];

/**
 * A due infusion: previous infusion + interval × 7 days with the protocol's tolerance (A7). Replanned
 * (old rows 'superseded', kept for the trail) when a dosing decision changes the interval; 'cancelled' on
 * withdrawal or completion.
 */
@Entity('planned_infusion')
@Index('ix_planned_infusion_participant_status', ['participantId', 'status'])
@Index('ix_planned_infusion_study_site_due', ['studyId', 'siteId', 'dueDate'])
export class PlannedInfusion extends ParticipantScopedRow {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_planned_infusion_participant' })
  participant?: Participant;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'date' })
  windowFrom: string;

  @Column({ type: 'date' })
  windowTo: string;

  @Column({ type: 'smallint' })
  intervalWeeks: number;

  @Column({ type: 'varchar', length: 12, default: 'planned' })
  status: PlannedInfusionStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
