import { Body, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Type, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, AppError, Ctx, pageDtoOf, RequestContext, toFieldProblems } from '@eid/core';
import { ChangeEnvelopeDto, VerifyRecordDto } from './change-envelope.dto';
import { EcrfFormDefinition } from './ecrf-form.definition';
import { EcrfRecord } from './ecrf-record.base';
import { EcrfRecordService } from './ecrf-record.service';
import { recordResponseDto } from './ecrf-record.response';
import { RecordListQueryDto } from './record-list-query.dto';

/** The global pipe cannot see a mixin's DTO type (design:paramtypes is Object), so the body pipe names it. */
function bodyPipe(expectedType: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    expectedType,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.fieldProblems(toFieldProblems(errors)),
  });
}

export interface EcrfFormControllerType {
  new (records: EcrfRecordService): object;
}

/**
 * Builds the five routes of one form plus SDV. Each concrete controller is a subclass carrying
 * `@Controller('v1/participants/:participantId/<path>')`, so Nest and OpenAPI see one controller per form.
 */
export function ecrfFormController<T extends EcrfRecord>(form: EcrfFormDefinition<T>): EcrfFormControllerType {
  const uuid = new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound(form.label) });
  const Record = recordResponseDto(form);
  const RecordPage = pageDtoOf(Record);

  @ApiTags(`eCRF: ${form.label}`)
  @ApiBearerAuth()
  @ApiParam({ name: 'participantId', format: 'uuid' })
  class EcrfFormController {
    constructor(readonly records: EcrfRecordService) {}

    @Get()
    @Access('read', 'participant')
    @ApiOperation({ summary: `List ${form.label.toLowerCase()} records of a participant (cursor pagination)` })
    @ApiOkResponse({ type: RecordPage })
    list(
      @Ctx() ctx: RequestContext,
      @Param('participantId', uuid) participantId: string,
      @Query(bodyPipe(RecordListQueryDto)) q: RecordListQueryDto,
    ) {
      return this.records.list(ctx, form, participantId, q);
    }

    @Post()
    @Access('enter-data', 'participant')
    @ApiOperation({ summary: `Record a ${form.label.toLowerCase()}` })
    @ApiBody({ type: form.createDto })
    @ApiCreatedResponse({ type: Record })
    create(
      @Ctx() ctx: RequestContext,
      @Param('participantId', uuid) participantId: string,
      @Body(bodyPipe(form.createDto)) dto: Partial<T>,
    ) {
      return this.records.create(ctx, form, participantId, dto);
    }

    @Get(':recordId')
    @Access('read', 'participant')
    @ApiOperation({ summary: `Read one ${form.label.toLowerCase()}` })
    @ApiOkResponse({ type: Record })
    get(@Ctx() ctx: RequestContext, @Param('participantId', uuid) participantId: string, @Param('recordId', uuid) recordId: string) {
      return this.records.get(ctx, form, participantId, recordId);
    }

    @Patch(':recordId')
    @Access('edit-data', 'participant')
    @ApiOperation({ summary: `Correct a ${form.label.toLowerCase()} (version + reason required)` })
    @ApiBody({ type: form.updateDto })
    @ApiOkResponse({ type: Record })
    update(
      @Ctx() ctx: RequestContext,
      @Param('participantId', uuid) participantId: string,
      @Param('recordId', uuid) recordId: string,
      @Body(bodyPipe(form.updateDto)) dto: Partial<T> & ChangeEnvelopeDto,
    ) {
      return this.records.update(ctx, form, participantId, recordId, dto);
    }

    @Delete(':recordId')
    @Access('edit-data', 'participant')
    @ApiOperation({ summary: `Soft-delete a ${form.label.toLowerCase()} (version + reason required)` })
    @ApiBody({ type: ChangeEnvelopeDto })
    @ApiOkResponse({ type: Record })
    remove(
      @Ctx() ctx: RequestContext,
      @Param('participantId', uuid) participantId: string,
      @Param('recordId', uuid) recordId: string,
      @Body(bodyPipe(ChangeEnvelopeDto)) dto: ChangeEnvelopeDto,
    ) {
      return this.records.remove(ctx, form, participantId, recordId, dto);
    }

    @Post(':recordId/verification')
    @Access('verify', 'participant')
    @HttpCode(200)
    @ApiOperation({ summary: `Source data verification of a ${form.label.toLowerCase()} (monitor)` })
    @ApiBody({ type: VerifyRecordDto })
    @ApiOkResponse({ type: Record })
    verify(
      @Ctx() ctx: RequestContext,
      @Param('participantId', uuid) participantId: string,
      @Param('recordId', uuid) recordId: string,
      @Body(bodyPipe(VerifyRecordDto)) dto: VerifyRecordDto,
    ) {
      return this.records.verify(ctx, form, participantId, recordId, dto);
    }
  }
  Object.defineProperty(EcrfFormController, 'name', { value: `${form.entity.name}Controller` });
  return EcrfFormController;
}
