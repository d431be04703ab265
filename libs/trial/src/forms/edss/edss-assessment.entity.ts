import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { numericTransformer } from '../../common/numeric.transformer';
import { Participant } from '../../participants/participant.entity';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { EcrfRecord } from '../ecrf-record.base';

/** Expanded Disability Status Scale, 0–10 in 0.5 steps (docs/science/outcomes.md §5). */
@Entity('edss_assessment')
@Index('ix_edss_assessment_participant_date', ['participantId', 'date'])
@Index('ix_edss_assessment_study_site', ['studyId', 'siteId'])
export class EdssAssessment extends EcrfRecord {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_edss_assessment_participant' })
  participant?: Participant;

  /** Composite key (visit, participant): a record can only point at a visit of its own participant (issue 16 item 7). */
  @ManyToOne(() => PlannedVisit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'planned_visit_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_edss_assessment_planned_visit' },
    { name: 'participant_id', referencedColumnName: 'participantId' },
  ])
  plannedVisit?: PlannedVisit;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'numeric', precision: 3, scale: 1, transformer: numericTransformer })
  score: number;

  /** Optional functional-system scores, e.g. { "pyramidal": 2, "visual": 1 }. */
  @Column({ type: 'jsonb', nullable: true })
  functionalSystemScores: Record<string, number> | null;
}
