import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns of every row that belongs to one participant. Study, site and participant are denormalised onto
 * the row so site scoping is one indexed predicate (ScopeResolverRegistry / scopeToSites) and SQL reports need
 * no joins. Each entity declares its own relation to Participant, since the foreign key carries its table's name.
 */
export abstract class ParticipantScopedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  studyId: string;

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  participantId: string;
}
