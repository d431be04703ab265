import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Participant, ParticipantScopedRow } from '@eid/trial';

export const QUERY_STATUSES = ['open', 'answered', 'closed'] as const;
export type QueryStatus = (typeof QUERY_STATUSES)[number];

/**
 * A data query (ICH E6(R3) 3.11.4 monitoring; issue #5 "data quality workflow") on one field of one eCRF record.
 * Study, site and participant are denormalised so site scoping and the open-query counts are one indexed
 * predicate. Table `data_query` because `query` reads badly next to SQL.
 */
@Entity('data_query')
@Index('ix_data_query_study_site_status', ['studyId', 'siteId', 'status', 'createdAt'])
@Index('ix_data_query_participant_status', ['participantId', 'status'])
@Index('ix_data_query_record', ['entityType', 'recordId', 'status'])
export class DataQuery extends ParticipantScopedRow {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_data_query_participant' })
  participant?: Participant;

  /** The eCRF table of the record (= its audit entityType), e.g. 'trough_sample'. */
  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'uuid' })
  recordId: string;

  /** The queried field of the record, one of the form's data fields. */
  @Column({ type: 'varchar', length: 60 })
  field: string;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: QueryStatus;

  @Column({ type: 'uuid', nullable: true })
  raisedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedBy: string | null;

  @Column({ type: 'integer', default: 0 })
  reopenCount: number;

  /** Millisecond precision: the value round-trips exactly through a cursor (JS Dates hold milliseconds). */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
