import { ApiProperty } from '@nestjs/swagger';
import { pageDtoOf } from '@eid/core';
import { STUDY_STATUSES, StudyStatus } from '../../entities/study.entity';

/** A study (the Study entity as the API returns it). */
export class StudyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'EID-NL-01' })
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: 'Protocol file id under protocols/' })
  protocolId: string;

  @ApiProperty({ example: '1.0' })
  protocolVersion: string;

  @ApiProperty({ enum: STUDY_STATUSES })
  status: StudyStatus;

  @ApiProperty({ type: [String], description: 'Study roles (or admin) that must use a second factor' })
  mfaRequiredRoles: string[];

  @ApiProperty({ description: 'Pseudonymised data (statistician reads, pseudonymised exports) has its dates shifted per participant' })
  pseudonymisationDateShift: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ description: 'Optimistic-lock version' })
  version: number;
}

export class StudyPageDto extends pageDtoOf(StudyDto) {}

/** A site (the Site entity). */
export class SiteDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'AMS' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'NL', description: 'ISO 3166-1 alpha-2' })
  country: string;

  @ApiProperty({ example: 'Europe/Amsterdam', description: 'IANA time zone' })
  timezone: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty()
  version: number;
}

export class SitePageDto extends pageDtoOf(SiteDto) {}

/** A site taking part in a study (StudySite). */
export class StudySiteDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  principalInvestigatorUserId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** A study site with its site (GET /admin/studies/{studyId}/sites). */
export class StudySiteWithSiteDto extends StudySiteDto {
  @ApiProperty({ type: SiteDto })
  site: SiteDto;
}
