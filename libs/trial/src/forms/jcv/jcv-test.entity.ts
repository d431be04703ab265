import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { JcvStatus } from '@eid/domain';
import { numericTransformer } from '../../common/numeric.transformer';
import { Participant } from '../../participants/participant.entity';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { EcrfRecord } from '../ecrf-record.base';

/** Anti-JCV antibody serology: status and index (PML risk stratification, docs/science/pml-risk.md). */
@Entity('jcv_test')
@Index('ix_jcv_test_participant_date', ['participantId', 'date'])
@Index('ix_jcv_test_study_site', ['studyId', 'siteId'])
export class JcvTest extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_jcv_test_participant' })
  participant?: Participant;

  /** Composite key (visit, participant): a record can only point at a visit of its own participant (issue 16 item 7). */
  @ManyToOne(() => PlannedVisit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'planned_visit_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_jcv_test_planned_visit' },
    { name: 'participant_id', referencedColumnName: 'participantId' },
  ])
  plannedVisit?: PlannedVisit;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 14 })
  status: JcvStatus;

  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numericTransformer })
  index: number | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  assay: string | null;
}
