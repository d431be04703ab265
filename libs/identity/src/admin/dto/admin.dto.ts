import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { RequiredReason, STUDY_ROLES, StudyRole } from '@eid/core';

export class CreateUserDto {
  @ApiProperty({ example: 'anna.jansen@umc.nl' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Dr Anna Jansen' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  displayName: string;

  @ApiPropertyOptional({
    description: 'Initial password (policy: ≥ 12 characters, not the e-mail, not common). Omit for SSO-only accounts.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({ default: false, description: 'Platform administrator' })
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean;
}

export class ReasonDto {
  @ApiProperty({ example: 'Left the study team', description: 'Reason (required; 400 REASON_REQUIRED without)', maxLength: 1000 })
  @RequiredReason(1000)
  reason: string;
}

export class GrantMembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  studyId: string;

  @ApiProperty({ enum: STUDY_ROLES, example: 'investigator' })
  @IsIn(STUDY_ROLES)
  role: StudyRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for investigator and site-coordinator, absent otherwise' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({ example: 'Delegation log entry 14' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
