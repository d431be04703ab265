import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { numericTransformer } from '../common/numeric.transformer';
import { Site, Study } from '@eid/study';

export const PARTICIPANT_STATUSES = ['screening', 'screen-failed', 'enrolled', 'completed', 'withdrawn', 'lost-to-follow-up'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const MS_TYPES = ['RRMS', 'SPMS', 'PPMS', 'CIS', 'other'] as const;
export type MsType = (typeof MS_TYPES)[number];
/**
 * Why a candidate was not enrolled, for the screening log (ICH E6(R3): screening log with reasons): an entry
 * criterion not met (set by the evaluation itself), consent declined, the investigator's decision, lost before
 * enrolment, or another reason; the free text says the rest.
 */
export const SCREEN_FAIL_CATEGORIES = [
  'criterion-not-met',
  'consent-declined',
  'investigator-decision',
  'lost-before-enrolment',
  'other',
] as const;
export type ScreenFailCategory = (typeof SCREEN_FAIL_CATEGORIES)[number];
export const PRIOR_IMMUNOSUPPRESSANT_ANSWERS = ['yes', 'no', 'unknown'] as const;
export type PriorImmunosuppressant = (typeof PRIOR_IMMUNOSUPPRESSANT_ANSWERS)[number];

/**
 * A screened candidate and, once enrolled, a trial participant. Pseudonymous: the code (`AMS-0007`) is the
 * only identifier shown outside the site; year of birth is the only directly identifying datum kept (GDPR
 * art. 89 data minimisation).
 */
@Entity('participant')
@Index('uq_participant_study_code', ['studyId', 'code'], { unique: true, where: 'code IS NOT NULL' })
@Index('uq_participant_study_site_screening', ['studyId', 'siteId', 'screeningNumber'], { unique: true })
@Index('ix_participant_site_status', ['siteId', 'status'])
// Covering index for the reports' participants-in-scope scan (INCLUDE columns, migration ReportFacts): TypeORM cannot
// express INCLUDE, so it only knows the name and leaves the definition to the migration.
@Index('ix_participant_observed', { synchronize: false })
@Check('chk_participant_weight', 'weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 400)')
export class Participant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  studyId: string;

  @ManyToOne(() => Study, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'study_id', foreignKeyConstraintName: 'fk_participant_study' })
  study?: Study;

  @Column({ type: 'uuid' })
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_participant_site' })
  site?: Site;

  /** Site-prefixed pseudonymous code, allocated at enrolment; null while screening or after a screen failure. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 40 })
  screeningNumber: string;

  @Column({ type: 'date' })
  screeningDate: string;

  @Column({ type: 'smallint' })
  birthYear: number;

  @Column({ type: 'varchar', length: 10 })
  sex: Sex;

  @Column({ type: 'varchar', length: 10 })
  msType: MsType;

  @Column({ type: 'varchar', length: 40, nullable: true })
  diagnosticCriteria: string | null;

  @Column({ type: 'date' })
  natalizumabStartDate: string;

  /**
   * Immunosuppressant treatment before natalizumab (mitoxantrone, azathioprine, methotrexate,
   * cyclophosphamide, mycophenolate): a row key of the published PML risk table for anti-JCV-positive patients
   * (EU SmPC / docs/science/pml-risk.md §4). null = not recorded, which the table cannot place.
   */
  @Column({ type: 'varchar', length: 10, nullable: true })
  priorImmunosuppressant: PriorImmunosuppressant | null;

  @Column({ type: 'integer' })
  infusionsBeforeScreening: number;

  @Column({ type: 'numeric', precision: 5, scale: 1, nullable: true, transformer: numericTransformer })
  weightKg: number | null;

  @Column({ type: 'varchar', length: 20, default: 'screening' })
  status: ParticipantStatus;

  /** The entry-criteria evidence recorded at screening (relapses, MRI, EDSS, trough, infusions), as entered. */
  @Column({ type: 'jsonb' })
  screeningEvidence: Record<string, unknown>;

  /** Snapshot of the protocol's eligibility evaluation, criterion by criterion (what the investigator saw). */
  @Column({ type: 'jsonb' })
  eligibility: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  screenFailReason: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  screenFailCategory: ScreenFailCategory | null;

  @Column({ type: 'date', nullable: true })
  consentDate: string | null;

  @Column({ type: 'date', nullable: true })
  enrolmentDate: string | null;

  @Column({ type: 'date', nullable: true })
  completionDate: string | null;

  @Column({ type: 'date', nullable: true })
  withdrawalDate: string | null;

  @Column({ type: 'text', nullable: true })
  withdrawalReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  frozenAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  frozenBy: string | null;

  @Column({ type: 'text', nullable: true })
  freezeReason: string | null;

  /**
   * When an electronic signature was last applied to this participant's data (set by the signing transaction,
   * under the participant's row lock). Null = never signed, so a change cannot break a signature and the eCRF
   * writers skip the signature look-up (21 CFR 11.70 check, issue #5 write path).
   */
  @Column({ type: 'timestamptz', nullable: true })
  lastSignedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
