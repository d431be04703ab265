import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Site, Study } from '@eid/study';

/**
 * The last participant number issued per study and site. Enrolment increments it with
 * `UPDATE … RETURNING` inside the enrolment transaction: the row lock serialises concurrent enrolments at
 * one site, and a rolled-back enrolment rolls the number back too — codes stay gap-free and unique.
 */
@Entity('participant_code_counter')
export class ParticipantCodeCounter {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_participant_code_counter' })
  studyId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_participant_code_counter' })
  siteId: string;

  @ManyToOne(() => Study, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'study_id', foreignKeyConstraintName: 'fk_participant_code_counter_study' })
  study?: Study;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_participant_code_counter_site' })
  site?: Site;

  @Column({ type: 'integer', default: 0 })
  lastNumber: number;
}
