import { ApiProperty } from '@nestjs/swagger';
import { STUDY_STATUSES, StudyStatus } from '@eid/study';
import { pageDtoOf, STUDY_ROLES, StudyRole } from '@eid/core';
import { USER_STATUSES, UserStatus } from '../../entities/user.entity';
/** What the API shows of a user (UserView): never the password hash or second-factor secrets. */
export class UserViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: USER_STATUSES })
  status: UserStatus;

  @ApiProperty()
  isAdmin: boolean;

  @ApiProperty({ description: 'Signs in only through hospital single sign-on' })
  ssoOnly: boolean;

  @ApiProperty()
  mfaEnabled: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastLoginAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lockedUntil: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty()
  version: number;
}

export class UserPageDto extends pageDtoOf(UserViewDto) {}

/** A study role held by a user (Membership). */
export class MembershipDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ enum: STUDY_ROLES })
  role: StudyRole;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null: the role covers every site of the study' })
  siteId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class UserWithMembershipsDto extends UserViewDto {
  @ApiProperty({ type: [MembershipDto] })
  memberships: MembershipDto[];
}

/** One membership of the signed-in user (MeView.memberships). */
export class MeMembershipDto {
  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty()
  studyCode: string;

  @ApiProperty({ enum: STUDY_ROLES })
  role: StudyRole;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  siteId: string | null;

  @ApiProperty({ nullable: true, type: String })
  siteCode: string | null;
}

/** The signed-in user (GET /auth/me). */
export class MeViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty()
  isAdmin: boolean;

  @ApiProperty()
  mfaEnabled: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastLoginAt: string | null;

  @ApiProperty({ type: [MeMembershipDto] })
  memberships: MeMembershipDto[];
}

class MyStudyRoleDto {
  @ApiProperty({ enum: STUDY_ROLES })
  role: StudyRole;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  siteId: string | null;
}

class MyStudySiteDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'NL' })
  country: string;

  @ApiProperty({ example: 'Europe/Amsterdam' })
  timezone: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  principalInvestigatorUserId: string | null;
}

/** A study the caller holds a role in, with its sites (MyStudyView). */
export class MyStudyViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  protocolId: string;

  @ApiProperty()
  protocolVersion: string;

  @ApiProperty({ enum: STUDY_STATUSES })
  status: StudyStatus;

  @ApiProperty({ type: [String] })
  mfaRequiredRoles: string[];

  @ApiProperty({ type: [MyStudyRoleDto] })
  myRoles: MyStudyRoleDto[];

  @ApiProperty({ type: [MyStudySiteDto] })
  sites: MyStudySiteDto[];
}

export class MyStudyPageDto extends pageDtoOf(MyStudyViewDto) {}
