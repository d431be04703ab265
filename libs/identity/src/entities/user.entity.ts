import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export const USER_STATUSES = ['active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/**
 * A person. Never deleted, only deactivated: the audit trail names them (Part 11 §11.10(e)).
 * Table `app_user` because `user` is reserved in PostgreSQL.
 */
@Entity('app_user')
@Index('uq_app_user_email', ['email'], { unique: true })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; the unique index then makes e-mail matching case-insensitive. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'enum', enum: USER_STATUSES, enumName: 'user_status', default: 'active' })
  status: UserStatus;

  /** argon2id PHC string; null for SSO-only accounts (they cannot sign with a password either). */
  @Column({ type: 'text', nullable: true })
  passwordHash: string | null;

  /** Platform administration only (see libs/core/src/access/permissions.ts for why admins do not read trial data). */
  @Column({ type: 'boolean', default: false })
  isAdmin: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @Column({ type: 'int', default: 0 })
  failedLoginCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** Base32 TOTP secret (RFC 6238) once enrolment is confirmed. */
  @Column({ type: 'text', nullable: true })
  totpSecret: string | null;

  /** Secret shown in the QR code, waiting for the first valid code to confirm enrolment. */
  @Column({ type: 'text', nullable: true })
  totpPendingSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** Last accepted TOTP time step: a code is accepted once only (RFC 6238 §5.2, replay). */
  @Column({ type: 'bigint', nullable: true })
  totpLastStep: string | null;

  /** Set by an administrator's password reset: the next login may only change the password. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
