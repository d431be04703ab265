import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StudyTransitionDto {
  @ApiPropertyOptional({
    example: 'Last participant last visit done; all queries closed',
    description: 'Required (400 REASON_REQUIRED without)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
