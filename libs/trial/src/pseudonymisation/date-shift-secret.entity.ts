import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Study } from '@eid/study';

/**
 * The per-study key of the pseudonymisation date shift (date-shift.ts). It lives only in this table, which no
 * export and no API read returns: knowing it would undo the shift (EMA policy 0070 anonymisation guidance: the
 * shift must not be recoverable from the released data). The table keeps its first name, `export_secret`: the
 * key was the exports' before the statistician's API reads shifted dates with it too (issue 16 item 2).
 */
@Entity('export_secret')
export class DateShiftSecret {
  @PrimaryColumn({ type: 'uuid' })
  studyId: string;

  @OneToOne(() => Study, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'study_id', foreignKeyConstraintName: 'fk_export_secret_study' })
  study?: Study;

  @Column({ type: 'bytea' })
  secret: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
