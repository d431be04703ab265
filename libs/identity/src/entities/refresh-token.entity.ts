import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * An opaque refresh token, stored only as its SHA-256. Each use rotates it (the old row gets `rotatedAt`);
 * presenting a rotated token again means it was stolen, so the whole family is revoked (OAuth 2.0 Security
 * BCP, RFC 9700 §4.14.2).
 */
@Entity('refresh_token')
@Index('uq_refresh_token_hash', ['tokenHash'], { unique: true })
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_refresh_token_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_refresh_token_user' })
  user?: User;

  /** All tokens descending from one login share a family. */
  @Index('ix_refresh_token_family')
  @Column({ type: 'uuid' })
  familyId: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /**
   * How the session was signed in (RFC 8176 values: pwd, sso, mfa), copied to every token of the family so a
   * refresh keeps them (docs/security.md → Sessions keep their sign-in methods). The default, ['pwd'], is the
   * safe side: it never claims a second factor.
   */
  @Column({ type: 'varchar', length: 20, array: true, default: () => "'{pwd}'" })
  amr: string[];

  /** When the person signed in (OIDC `auth_time`); unchanged by refreshes. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  authTime: Date;

  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
