import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class DosingQueryDto {
  @ApiPropertyOptional({
    example: 'natalizumab-2cmt-mm-label-calibrated',
    description: 'PK model id (default: the registry default, the published Amsterdam model natalizumab-2cmt-mm-vandenberg2025)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  model?: string;

  @ApiPropertyOptional({
    example: 10,
    description:
      "Trough target in µg/mL for the PK recommendation: one of the protocol's allowed targets (dosing.pk.targets; target-trough protocols 10 or 5). Default: the protocol's default; PDNMS defines none (400).",
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Min(0.1, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Max(500, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  target?: number;

  @ApiPropertyOptional({
    example: 6,
    description:
      'Also return pk.course: the fitted concentration curve and the projected band for this candidate interval (weeks, protocol minimum–maximum) from the last infusion',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Min(1, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Max(52, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  course?: number;
}
