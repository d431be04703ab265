import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Site } from './site.entity';
import { Study } from './study.entity';

/** A site's participation in a study, with its principal investigator (ICH E6(R3) 2.1). */
@Entity('study_site')
@Index('uq_study_site_study_site', ['studyId', 'siteId'], { unique: true })
export class StudySite {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  studyId: string;

  @ManyToOne(() => Study, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'study_id', foreignKeyConstraintName: 'fk_study_site_study' })
  study?: Study;

  @Index('ix_study_site_site')
  @Column({ type: 'uuid' })
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_study_site_site' })
  site?: Site;

  @Column({ type: 'uuid', nullable: true })
  principalInvestigatorUserId: string | null;

  // The User entity belongs to @eid/identity, which builds on this library: the relation names it, not imports it.
  @ManyToOne('User', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'principal_investigator_user_id', foreignKeyConstraintName: 'fk_study_site_pi_user' })
  principalInvestigator?: { id: string } | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
