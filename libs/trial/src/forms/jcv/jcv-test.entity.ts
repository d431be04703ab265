import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { JcvStatus } from '@eid/domain';
import { numericTransformer } from '../../common/numeric.transformer';
import { Participant } from '../../participants/participant.entity';
import { EcrfRecord } from '../ecrf-record.base';

/** Anti-JCV antibody serology: status and index (PML risk stratification, pml-risk.md). */
@Entity('jcv_test')
@Index('ix_jcv_test_participant_date', ['participantId', 'date'])
@Index('ix_jcv_test_study_site', ['studyId', 'siteId'])
export class JcvTest extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_jcv_test_participant' })
  participant?: Participant;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 14 })
  status: JcvStatus;

  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numericTransformer })
  index: number | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  assay: string | null;
}
