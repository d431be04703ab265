import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Ctx, RequestContext } from '@eid/core';
import { AccessReviewDto, AccessReviewQueryDto } from './access-review.dto';
import { AccessReviewService } from './access-review.service';

@ApiTags('admin')
@Controller('v1/admin/access-review')
@Access('admin')
export class AccessReviewController {
  constructor(private readonly service: AccessReviewService) {}

  @Get()
  @ApiOperation({ summary: 'Who held which role where during a given (UTC) day, rebuilt from the audit trail' })
  @ApiOkResponse({ type: AccessReviewDto })
  review(@Ctx() ctx: RequestContext, @Query() q: AccessReviewQueryDto): Promise<AccessReviewDto> {
    return this.service.review(ctx, q);
  }
}
