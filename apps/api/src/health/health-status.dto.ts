import { ApiProperty } from '@nestjs/swagger';

export class DependencyStatusDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: string;
}

/** What anonymous health shows: the overall status and each dependency's up/down, nothing else (no addresses). */
export class HealthStatusDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStatusDto' },
    example: { database: { status: 'up' }, queue: { status: 'up' } },
  })
  details: Record<string, DependencyStatusDto>;
}
