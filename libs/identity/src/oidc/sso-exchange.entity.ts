import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../entities/user.entity';

/**
 * A one-time SSO exchange code (docs/security.md → Single sign-on in the web app): the callback stores it
 * for an identity it has verified, the web app redeems it once within a minute for a session. Stored only as
 * its keyed hash, like refresh tokens.
 */
@Entity('sso_exchange')
export class SsoExchange {
  @PrimaryColumn({ type: 'char', length: 64, primaryKeyConstraintName: 'pk_sso_exchange' })
  codeHash: string;

  @Index('ix_sso_exchange_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sso_exchange_user' })
  user?: User;

  /** How the identity provider authenticated the person (our session's amr: `sso`, plus `mfa` when reported). */
  @Column({ type: 'varchar', length: 20, array: true })
  amr: string[];

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
