import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { SeriousnessCriterion } from '@eid/domain';
import { Participant } from '../../participants/participant.entity';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { EcrfRecord } from '../ecrf-record.base';

/**
 * Adverse event (docs/science/outcomes.md §7). `serious` and `expeditedReview` are derived from the ICH E2A seriousness
 * criteria, never typed. `pmlSuspected` is its own flag: PML suspicion means withholding dosing at once
 * (natalizumab label), so monitors see it without waiting for coding or seriousness assessment.
 */
@Entity('adverse_event')
@Index('ix_adverse_event_participant_onset', ['participantId', 'onsetDate'])
@Index('ix_adverse_event_study_site', ['studyId', 'siteId'])
@Index('ix_adverse_event_pml', ['studyId', 'siteId'], { where: 'pml_suspected AND deleted_at IS NULL' })
export class AdverseEvent extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_adverse_event_participant' })
  participant?: Participant;

  /** Composite key (visit, participant): a record can only point at a visit of its own participant (issue 16 item 7). */
  @ManyToOne(() => PlannedVisit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'planned_visit_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_adverse_event_planned_visit' },
    { name: 'participant_id', referencedColumnName: 'participantId' },
  ])
  plannedVisit?: PlannedVisit;

  /** Verbatim term, MedDRA-codable later. */
  @Column({ type: 'varchar', length: 200 })
  term: string;

  @Column({ type: 'date' })
  onsetDate: string;

  @Column({ type: 'date', nullable: true })
  resolutionDate: string | null;

  @Column({ type: 'varchar', length: 10 })
  severity: 'mild' | 'moderate' | 'severe';

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  seriousnessCriteria: SeriousnessCriterion[];

  @Column({ type: 'boolean', default: false })
  serious: boolean;

  @Column({ type: 'boolean', default: false })
  expeditedReview: boolean;

  @Column({ type: 'varchar', length: 20 })
  relatedness: string;

  @Column({ type: 'varchar', length: 30 })
  actionTaken: string;

  @Column({ type: 'varchar', length: 30 })
  outcome: string;

  @Column({ type: 'boolean', default: false })
  pmlSuspected: boolean;
}
