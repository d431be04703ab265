import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, CursorQueryDto, ParseIdPipe, RequestContext } from '@eid/core';
import { SiteDto, SitePageDto, StudyDto, StudyPageDto, StudySiteDto, StudySiteWithSiteDto } from './dto/study-admin-responses.dto';
import { AddStudySiteDto, CreateSiteDto, CreateStudyDto, UpdateStudyDto } from './dto/study-admin.dto';
import { StudiesAdminService } from './studies-admin.service';

/** Platform administration of studies (protocol binding, status) and sites (admins only); every change audited. */
@ApiTags('admin')
@Controller('v1/admin')
@Access('admin')
export class StudiesAdminController {
  constructor(private readonly studies: StudiesAdminService) {}

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
}
