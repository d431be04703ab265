import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OptionalNotNull, RequiredReason, STUDY_ROLES, StudyRole } from '@eid/core';
import { IsIanaTimeZone } from './iana-time-zone.validator';

const MFA_ROLES = [...STUDY_ROLES, 'admin'] as const;

export class CreateStudyDto {
  @ApiProperty({ example: 'PDNMS-NL', description: 'Short unique code, upper case' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,39}$/, { context: { code: 'STUDY_CODE_FORMAT' } })
  code: string;

  @ApiProperty({ example: 'Personalised dosing of natalizumab in MS (Netherlands)' })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'pdnms', description: 'Protocol id of a file under protocols/' })
  @IsString()
  @MaxLength(60)
  protocolId: string;

  @ApiProperty({ example: '1', description: 'Version of that protocol file' })
  @IsString()
  @MaxLength(20)
  protocolVersion: string;

  @ApiPropertyOptional({
    example: ['data-manager'],
    enum: MFA_ROLES,
    isArray: true,
    description: 'Roles that must log in with a second factor',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(MFA_ROLES, { each: true })
  mfaRequiredRoles?: Array<StudyRole | 'admin'>;

  @ApiPropertyOptional({
    description:
      'Shift every date of pseudonymised data per participant: statistician API reads and every pseudonymised export (docs/security.md)',
  })
  @IsOptional()
  @IsBoolean()
  pseudonymisationDateShift?: boolean;
}

export class UpdateStudyDto {
  @ApiPropertyOptional({ example: 'PDNMS Netherlands' })
  @OptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ enum: MFA_ROLES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(MFA_ROLES, { each: true })
  mfaRequiredRoles?: Array<StudyRole | 'admin'>;

  @ApiPropertyOptional({
    description:
      'Shift every date of pseudonymised data per participant: statistician API reads and every pseudonymised export (docs/security.md)',
  })
  @OptionalNotNull()
  @IsBoolean()
  pseudonymisationDateShift?: boolean;

  @ApiPropertyOptional({ enum: ['active'], description: 'Administrators activate a study; freeze/lock are data-manager actions' })
  @OptionalNotNull()
  @IsIn(['active'])
  status?: 'active';

  @ApiProperty({ example: 1, description: 'The version you loaded (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({
    example: 'Sponsor asked for MFA for data managers',
    description: 'Reason for change (required; 400 REASON_REQUIRED without)',
    maxLength: 1000,
  })
  @RequiredReason(1000)
  reason: string;
}

export class CreateSiteDto {
  @ApiProperty({ example: 'AMS' })
  @Matches(/^[A-Z0-9]{2,20}$/, { context: { code: 'SITE_CODE_FORMAT' } })
  code: string;

  @ApiProperty({ example: 'Amsterdam UMC, location VUmc' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'NL', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { context: { code: 'COUNTRY_FORMAT' } })
  country: string;

  @ApiProperty({
    example: 'Europe/Amsterdam',
    description:
      'IANA time zone of the site: its calendar decides "today" for the site\'s edit checks, proposals and overdue lists. Fixed at creation.',
  })
  @IsString()
  @MaxLength(64)
  @IsIanaTimeZone()
  timezone: string;
}

export class AddStudySiteDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Principal investigator (a user)' })
  @IsOptional()
  @IsUUID()
  principalInvestigatorUserId?: string;
}
