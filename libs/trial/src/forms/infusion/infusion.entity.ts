import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Participant } from '../../participants/participant.entity';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { EcrfRecord } from '../ecrf-record.base';

/** Natalizumab infusion. The interval since the previous infusion is derived on read, never typed (issue #5). */
@Entity('infusion')
@Index('ix_infusion_participant_date', ['participantId', 'date'])
@Index('ix_infusion_study_site', ['studyId', 'siteId'])
@Check('chk_infusion_not_administered_reason', 'administered OR not_administered_reason IS NOT NULL')
export class Infusion extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_infusion_participant' })
  participant?: Participant;

  /** Composite key (visit, participant): a record can only point at a visit of its own participant (issue 16 item 7). */
  @ManyToOne(() => PlannedVisit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'planned_visit_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_infusion_planned_visit' },
    { name: 'participant_id', referencedColumnName: 'participantId' },
  ])
  plannedVisit?: PlannedVisit;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'integer', nullable: true })
  doseMg: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  lotNumber: string | null;

  @Column({ type: 'boolean', default: true })
  administered: boolean;

  @Column({ type: 'text', nullable: true })
  notAdministeredReason: string | null;
}
