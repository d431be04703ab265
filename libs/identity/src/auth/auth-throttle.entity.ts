import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One fixed-window attempt counter (AuthThrottle, database backend). */
@Entity('auth_throttle')
export class AuthThrottleCounter {
  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_auth_throttle' })
  key: string;

  @Column({ type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  hits: number;
}
