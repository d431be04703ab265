import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { STUDY_ROLES, StudyRole } from '@eid/core';
import { User } from './user.entity';
import { Site, Study } from '@eid/study';

/**
 * A role of a user in a study; site-level roles (investigator, site-coordinator) carry the site they work at,
 * study-level roles (monitor, data-manager, statistician) carry none. Unique per (user, study, role, site):
 * two partial indexes because NULL site ids would otherwise never collide.
 */
@Entity('membership')
@Index('uq_membership_site_role', ['userId', 'studyId', 'role', 'siteId'], { unique: true, where: 'site_id IS NOT NULL' })
@Index('uq_membership_study_role', ['userId', 'studyId', 'role'], { unique: true, where: 'site_id IS NULL' })
@Check(
  'chk_membership_site_for_role',
  `(role IN ('investigator', 'site-coordinator') AND site_id IS NOT NULL) OR (role NOT IN ('investigator', 'site-coordinator') AND site_id IS NULL)`,
)
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_membership_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_membership_user' })
  user?: User;

  @Index('ix_membership_study')
  @Column({ type: 'uuid' })
  studyId: string;

  @ManyToOne(() => Study, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'study_id', foreignKeyConstraintName: 'fk_membership_study' })
  study?: Study;

  @Column({ type: 'enum', enum: STUDY_ROLES, enumName: 'study_role' })
  role: StudyRole;

  @Column({ type: 'uuid', nullable: true })
  siteId: string | null;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_membership_site' })
  site?: Site | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
