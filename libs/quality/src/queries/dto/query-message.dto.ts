import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** Answer by the site (investigator / site coordinator): open → answered. */
export class QueryMessageDto {
  @ApiProperty({ description: 'The query version this message is based on; stale → 409 with the current query', example: 1 })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ example: 'Checked against the lab report: value corrected to 13.85.' })
  @IsString()
  @IsNotEmpty({ context: { code: 'TEXT_REQUIRED' } })
  @MaxLength(4000)
  text: string;
}

/** Close (text optional) or re-open (text required: the site must learn what is still wrong). */
export class QueryTransitionDto {
  @ApiProperty({ description: 'The query version this transition is based on', example: 2 })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: 'Correction verified against source.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  text?: string;
}
