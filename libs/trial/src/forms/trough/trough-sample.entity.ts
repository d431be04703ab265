import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { numericTransformer } from '../../common/numeric.transformer';
import { Participant } from '../../participants/participant.entity';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { EcrfRecord } from '../ecrf-record.base';
import { Infusion } from '../infusion/infusion.entity';

/** Natalizumab trough concentration (µg/mL, two decimals), drawn before the infusion it precedes. */
@Entity('trough_sample')
@Index('ix_trough_sample_participant_sampled', ['participantId', 'sampledOn'])
@Index('ix_trough_sample_study_site', ['studyId', 'siteId'])
@Index('ix_trough_sample_precedes', ['precedesInfusionId'])
export class TroughSample extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_trough_sample_participant' })
  participant?: Participant;

  /** Composite key (visit, participant): a record can only point at a visit of its own participant (issue 16 item 7). */
  @ManyToOne(() => PlannedVisit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'planned_visit_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_trough_sample_planned_visit' },
    { name: 'participant_id', referencedColumnName: 'participantId' },
  ])
  plannedVisit?: PlannedVisit;

  @Column({ type: 'date' })
  sampledOn: string;

  /** Local clock time 'HH:MM' at the site, when known. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  sampledTime: string | null;

  /** Null when below the LLOQ or without a result (a sample without a result is not a trough, docs/science/protocols.md). */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numericTransformer })
  concentrationUgPerMl: number | null;

  @Column({ type: 'boolean', default: false })
  belowLloq: boolean;

  @Column({ type: 'varchar', length: 80, nullable: true })
  assay: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  lab: string | null;

  @Column({ type: 'uuid', nullable: true })
  precedesInfusionId: string | null;

  @ManyToOne(() => Infusion, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'precedes_infusion_id', foreignKeyConstraintName: 'fk_trough_sample_infusion' })
  precedesInfusion?: Infusion | null;
}
