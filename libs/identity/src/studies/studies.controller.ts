import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '@eid/core';
import { Access } from '../access/access.decorator';
import { CursorQueryDto } from '../common/pagination';
import { MyStudiesService } from './my-studies.service';

@ApiTags('studies')
@Controller('v1/studies')
export class StudiesController {
  constructor(private readonly studies: MyStudiesService) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'The studies you hold a role in, with their sites (administrators: all studies)' })
  list(@Ctx() ctx: RequestContext, @Query() query: CursorQueryDto) {
    return this.studies.list(ctx, query);
  }
}
