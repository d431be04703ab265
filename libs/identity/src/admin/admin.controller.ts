import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MembershipDto, UserPageDto, UserViewDto, UserWithMembershipsDto } from './dto/admin-responses.dto';
import { Access, Ctx, CursorQueryDto, ParseIdPipe, RequestContext } from '@eid/core';
import { CreateUserDto, GrantMembershipDto, ReasonDto } from './dto/admin.dto';
import { UsersAdminService } from './users-admin.service';

/** Platform administration of users and roles (admins only; studies and sites: @eid/study). Every change is audited; users are deactivated, never deleted. */
@ApiTags('admin')
@Controller('v1/admin')
@Access('admin')
export class AdminController {
  constructor(private readonly users: UsersAdminService) {}

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
