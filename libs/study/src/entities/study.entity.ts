import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { StudyRole } from '@eid/core';

/** design → active → frozen → locked (ICH E6(R3): a locked database is never changed again). */
export const STUDY_STATUSES = ['design', 'active', 'frozen', 'locked'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

/**
 * A trial run under one protocol file version (`protocols/<protocolId>` version `protocolVersion`): the
 * protocol is bound at creation so every decision can be traced to the exact rules in force.
 */
@Entity('study')
@Index('uq_study_code', ['code'], { unique: true })
export class Study {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 60 })
  protocolId: string;

  @Column({ type: 'varchar', length: 20 })
  protocolVersion: string;

  @Column({ type: 'enum', enum: STUDY_STATUSES, enumName: 'study_status', default: 'design' })
  status: StudyStatus;

  /**
   * Roles whose holders must log in with a second factor (Part 11 §11.300): study roles of this study, or
   * 'admin' (then every platform administrator needs one).
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  mfaRequiredRoles: Array<StudyRole | 'admin'>;

  /**
   * The date-shift policy of pseudonymised data (issue 16 item 2; docs/security.md "Pseudonymisation"): when on,
   * every date a statistician reads through the API is shifted by the participant's offset, and only date-shifted
   * pseudonymised exports are made — so no two views of one participant can be aligned to recover the shift.
   */
  @Column({ type: 'boolean', default: false })
  pseudonymisationDateShift: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
