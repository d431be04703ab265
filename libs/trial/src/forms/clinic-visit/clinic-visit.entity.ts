import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Participant } from '../../participants/participant.entity';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { EcrfRecord } from '../ecrf-record.base';

/** A clinic visit as it happened, against its planned visit; early/late is flagged, never blocked (issue #5). */
@Entity('clinic_visit')
@Index('ix_clinic_visit_participant_date', ['participantId', 'date'])
@Index('ix_clinic_visit_study_site', ['studyId', 'siteId'])
@Index('ix_clinic_visit_planned', ['plannedVisitId'])
export class ClinicVisit extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_clinic_visit_participant' })
  participant?: Participant;

  /** Composite key (visit, participant): a record can only point at a visit of its own participant (issue 16 item 7). */
  @ManyToOne(() => PlannedVisit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'planned_visit_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_clinic_visit_planned_visit' },
    { name: 'participant_id', referencedColumnName: 'participantId' },
  ])
  plannedVisit?: PlannedVisit;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 10 })
  windowFlag: 'early' | 'in-window' | 'late';

  @Column({ type: 'text', nullable: true })
  notes: string | null;
}
