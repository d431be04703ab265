import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Participant } from '../../participants/participant.entity';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { EcrfRecord } from '../ecrf-record.base';

/** A clinical attack (docs/science/outcomes.md §1): onset, functional systems involved, treatment, confirmation. */
@Entity('relapse')
@Check('chk_relapse_duration_hours', 'duration_hours IS NULL OR duration_hours BETWEEN 0 AND 8760')
@Index('ix_relapse_participant_onset', ['participantId', 'onsetDate'])
@Index('ix_relapse_study_site', ['studyId', 'siteId'])
export class Relapse extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_relapse_participant' })
  participant?: Participant;

  /** Composite key (visit, participant): a record can only point at a visit of its own participant (issue 16 item 7). */
  @ManyToOne(() => PlannedVisit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'planned_visit_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_relapse_planned_visit' },
    { name: 'participant_id', referencedColumnName: 'participantId' },
  ])
  plannedVisit?: PlannedVisit;

  @Column({ type: 'date' })
  onsetDate: string;

  /** Kurtzke functional systems involved (pyramidal, cerebellar, brainstem, sensory, bowel-bladder, visual, cerebral). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  functionalSystems: string[];

  @Column({ type: 'text', nullable: true })
  symptoms: string | null;

  @Column({ type: 'boolean', default: false })
  steroidTreatment: boolean;

  @Column({ type: 'boolean', nullable: true })
  confirmedByNeurologist: boolean | null;

  /** docs/science/outcomes.md §1 R1: symptoms lasting < 24 h are not a relapse. Null = not recorded. */
  @Column({ type: 'integer', nullable: true })
  durationHours: number | null;

  /** docs/science/outcomes.md §1 R2: fever or concurrent infection at onset → pseudo-relapse. Null = not recorded. */
  @Column({ type: 'boolean', nullable: true })
  feverOrInfection: boolean | null;
}
