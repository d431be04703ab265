import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class FreezeDto {
  @ApiPropertyOptional({ example: 'Interim analysis data cut', description: 'Required (400 REASON_REQUIRED without)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiProperty({ example: 3, description: 'Version of the participant or visit being (un)frozen' })
  @IsInt()
  @Min(1)
  version: number;
}
