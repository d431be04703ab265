import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** A hospital or clinic. Its timezone turns visit instants into local calendar dates. */
@Entity('site')
@Index('uq_site_code', ['code'], { unique: true })
// An IANA zone name the database knows (migration 1765200000000-SiteTimeZoneCheck explains the expression).
@Check(
  'ck_site_timezone_iana',
  `timezone ~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$' AND (timestamptz '2000-01-01 00:00:00+00' AT TIME ZONE timezone) IS NOT NULL`,
)
export class Site {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short, upper-case, e.g. 'AMS'. */
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country: string;

  /** IANA zone, e.g. 'Europe/Amsterdam'. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
