import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  MembershipDto,
  SiteDto,
  SitePageDto,
  StudyDto,
  StudyPageDto,
  StudySiteDto,
  StudySiteWithSiteDto,
  UserPageDto,
  UserViewDto,
  UserWithMembershipsDto,
} from './dto/admin-responses.dto';
import { Ctx, CursorQueryDto, RequestContext } from '@eid/core';
import { Access } from '../access/access.decorator';
import { ParseIdPipe } from '../common/parse-id.pipe';
import {
  AddStudySiteDto,
  CreateSiteDto,
  CreateStudyDto,
  CreateUserDto,
  GrantMembershipDto,
  ReasonDto,
  UpdateStudyDto,
} from './dto/admin.dto';
import { StudiesAdminService } from './studies-admin.service';
import { UsersAdminService } from './users-admin.service';

/** Platform administration (admins only). Every change is audited; users are deactivated, never deleted. */
@ApiTags('admin')
@Controller('v1/admin')
@Access('admin')
export class AdminController {
  constructor(
    private readonly studies: StudiesAdminService,
    private readonly users: UsersAdminService,
  ) {}

  @Post('studies')
  @ApiOperation({ summary: 'Create a study bound to a protocol file version' })
  @ApiCreatedResponse({ type: StudyDto })
  createStudy(@Ctx() ctx: RequestContext, @Body() dto: CreateStudyDto) {
    return this.studies.createStudy(ctx, dto);
  }

  @Get('studies')
  @ApiOperation({ summary: 'All studies (cursor pagination)' })
  @ApiOkResponse({ type: StudyPageDto })
  listStudies(@Ctx() ctx: RequestContext, @Query() query: CursorQueryDto) {
    return this.studies.listStudies(ctx, query);
  }

  @Patch('studies/:studyId')
  @ApiOperation({ summary: 'Change title, MFA-required roles, or activate a study (version + reason required)' })
  @ApiOkResponse({ type: StudyDto })
  updateStudy(@Ctx() ctx: RequestContext, @Param('studyId', ParseIdPipe) studyId: string, @Body() dto: UpdateStudyDto) {
    return this.studies.updateStudy(ctx, studyId, dto);
  }

  @Post('studies/:studyId/sites')
  @ApiOperation({ summary: 'Add a participating site (with its principal investigator)' })
  @ApiCreatedResponse({ type: StudySiteDto })
  addStudySite(@Ctx() ctx: RequestContext, @Param('studyId', ParseIdPipe) studyId: string, @Body() dto: AddStudySiteDto) {
    return this.studies.addStudySite(ctx, studyId, dto);
  }

  @Get('studies/:studyId/sites')
  @ApiOperation({ summary: 'The sites taking part in a study' })
  @ApiOkResponse({ type: [StudySiteWithSiteDto] })
  listStudySites(@Ctx() ctx: RequestContext, @Param('studyId', ParseIdPipe) studyId: string) {
    return this.studies.listStudySites(ctx, studyId);
  }

  @Post('sites')
  @ApiOperation({ summary: 'Create a site' })
  @ApiCreatedResponse({ type: SiteDto })
  createSite(@Ctx() ctx: RequestContext, @Body() dto: CreateSiteDto) {
    return this.studies.createSite(ctx, dto);
  }

  @Get('sites')
  @ApiOperation({ summary: 'All sites (cursor pagination)' })
  @ApiOkResponse({ type: SitePageDto })
  listSites(@Ctx() ctx: RequestContext, @Query() query: CursorQueryDto) {
    return this.studies.listSites(ctx, query);
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user with an initial password, or SSO-only without one' })
  @ApiCreatedResponse({ type: UserViewDto })
  createUser(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto) {
    return this.users.createUser(ctx, dto);
  }

  @Get('users')
  @ApiOperation({ summary: 'All users (cursor pagination)' })
  @ApiOkResponse({ type: UserPageDto })
  listUsers(@Ctx() ctx: RequestContext, @Query() query: CursorQueryDto) {
    return this.users.listUsers(ctx, query);
  }

  @Get('users/:userId')
  @ApiOperation({ summary: 'A user with memberships' })
  @ApiOkResponse({ type: UserWithMembershipsDto })
  getUser(@Ctx() ctx: RequestContext, @Param('userId', ParseIdPipe) userId: string) {
    return this.users.getUser(ctx, userId);
  }

  @Post('users/:userId/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a user (ends their sessions; the account stays for the audit trail)' })
  @ApiOkResponse({ type: UserViewDto })
  deactivateUser(@Ctx() ctx: RequestContext, @Param('userId', ParseIdPipe) userId: string, @Body() dto: ReasonDto) {
    return this.users.deactivateUser(ctx, userId, dto.reason);
  }

  @Post('users/:userId/memberships')
  @ApiOperation({ summary: 'Grant a study role (audited as role-change)' })
  @ApiCreatedResponse({ type: MembershipDto })
  grantMembership(@Ctx() ctx: RequestContext, @Param('userId', ParseIdPipe) userId: string, @Body() dto: GrantMembershipDto) {
    return this.users.grantMembership(ctx, userId, dto);
  }

  @Post('users/:userId/memberships/:membershipId/revoke')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a study role (audited as role-change)' })
  async revokeMembership(
    @Ctx() ctx: RequestContext,
    @Param('userId', ParseIdPipe) userId: string,
    @Param('membershipId', ParseIdPipe) membershipId: string,
    @Body() dto: ReasonDto,
  ): Promise<void> {
    await this.users.revokeMembership(ctx, userId, membershipId, dto.reason);
  }
}
