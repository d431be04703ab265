import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MyStudyPageDto } from '../admin/dto/admin-responses.dto';
import { Access, Ctx, CursorQueryDto, RequestContext } from '@eid/core';
import { MyStudiesService } from './my-studies.service';

@ApiTags('studies')
@Controller('v1/studies')
export class StudiesController {
  constructor(private readonly studies: MyStudiesService) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'The studies you hold a role in, with their sites (administrators: all studies)' })
  @ApiOkResponse({ type: MyStudyPageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: CursorQueryDto) {
    return this.studies.list(ctx, query);
  }
}
