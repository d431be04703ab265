import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DataQuery } from './data-query.entity';

export const QUERY_MESSAGE_KINDS = ['raise', 'answer', 'correction', 'close', 'reopen'] as const;
export type QueryMessageKind = (typeof QUERY_MESSAGE_KINDS)[number];

/** One message of a query's thread. Append-only: a thread is part of the trial's record of how data were cleaned. */
@Entity('data_query_message')
@Index('ix_data_query_message_query', ['queryId', 'createdAt'])
export class DataQueryMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  queryId: string;

  @ManyToOne(() => DataQuery, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'query_id', foreignKeyConstraintName: 'fk_data_query_message_query' })
  query?: DataQuery;

  @Column({ type: 'varchar', length: 12 })
  kind: QueryMessageKind;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  /** Printed name at the time of writing (the thread is read by people, not by user ids). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  authorName: string | null;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
