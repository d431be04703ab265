import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Participant } from '../../participants/participant.entity';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { EcrfRecord } from '../ecrf-record.base';

/** Brain MRI read against a previous scan (docs/science/outcomes.md §3): new/enlarging T2 and Gd-enhancing lesion counts. */
@Entity('mri_scan')
@Index('ix_mri_scan_participant_date', ['participantId', 'date'])
@Index('ix_mri_scan_study_site', ['studyId', 'siteId'])
export class MriScan extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_mri_scan_participant' })
  participant?: Participant;

  /** Composite key (visit, participant): a record can only point at a visit of its own participant (issue 16 item 7). */
  @ManyToOne(() => PlannedVisit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'planned_visit_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_mri_scan_planned_visit' },
    { name: 'participant_id', referencedColumnName: 'participantId' },
  ])
  plannedVisit?: PlannedVisit;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'integer' })
  newOrEnlargingT2Count: number;

  @Column({ type: 'integer' })
  gadoliniumEnhancingCount: number;

  @Column({ type: 'date', nullable: true })
  comparedWithDate: string | null;
}
