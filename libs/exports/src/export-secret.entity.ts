import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Study } from '@eid/study';

/**
 * The per-study key of the pseudonymisation date shift. It lives only in this table, which no export reads:
 * knowing it would undo the shift (EMA policy 0070 anonymisation guidance: the shift must not be recoverable
 * from the released data).
 */
@Entity('export_secret')
export class ExportSecret {
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
