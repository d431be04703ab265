import { ApiProperty } from '@nestjs/swagger';
import { QUERY_MESSAGE_KINDS, QueryMessageKind } from '../data-query-message.entity';
import { QUERY_STATUSES, QueryStatus } from '../data-query.entity';
import { pageDtoOf } from '@eid/core';

/** One message of a query's thread (QueryView.messages). Text and author are null for pseudonymised readers. */
export class QueryMessageViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: QUERY_MESSAGE_KINDS })
  kind: QueryMessageKind;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  authorId: string | null;

  @ApiProperty({ nullable: true, type: String })
  authorName: string | null;

  @ApiProperty({ nullable: true, type: String })
  text: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** A data query (QueryView). */
export class QueryViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ nullable: true, type: String, example: 'AMS-0001' })
  participantCode: string | null;

  @ApiProperty({ example: 'trough_sample', description: 'The eCRF table of the record' })
  entityType: string;

  @ApiProperty({ format: 'uuid' })
  recordId: string;

  @ApiProperty({ example: 'concentrationUgPerMl' })
  field: string;

  @ApiProperty({ enum: QUERY_STATUSES, enumName: 'QueryStatus' })
  status: QueryStatus;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  raisedBy: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  answeredAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  closedBy: string | null;

  @ApiProperty()
  reopenCount: number;

  @ApiProperty({ description: 'Optimistic-lock version: send it back with a transition (409 when stale)' })
  version: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Whole days since the query was raised; null for readers whose dates are shifted (docs/security.md)',
  })
  ageDays: number | null;

  @ApiProperty({ type: [QueryMessageViewDto], required: false, description: 'The thread (one query read only)' })
  messages?: QueryMessageViewDto[];
}

export class QueryPageDto extends pageDtoOf(QueryViewDto) {}

export class QueryCountsDto {
  @ApiProperty()
  open: number;

  @ApiProperty()
  answered: number;

  @ApiProperty()
  closed: number;
}

export class SiteQueryCountsDto extends QueryCountsDto {
  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ example: 'AMS' })
  siteCode: string;
}

export class ParticipantQueryCountsDto extends QueryCountsDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ nullable: true, type: String })
  code: string | null;

  @ApiProperty({ format: 'uuid' })
  siteId: string;
}

export class ParticipantQueryCountsPageDto extends pageDtoOf(ParticipantQueryCountsDto) {}

/** Query counts per study, site and participant (QuerySummary). */
export class QuerySummaryDto {
  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ type: QueryCountsDto })
  study: QueryCountsDto;

  @ApiProperty({ type: [SiteQueryCountsDto] })
  sites: SiteQueryCountsDto[];

  @ApiProperty({ type: ParticipantQueryCountsPageDto, description: 'Participants with at least one query not closed' })
  participants: ParticipantQueryCountsPageDto;
}
