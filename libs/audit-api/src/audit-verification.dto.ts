import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CheckpointDto } from './audit-query.dto';

/** A verification run: progress while running, the chain report when done (shape: ChainReport). */
export class VerificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Study id, or `platform`' })
  chain: string;

  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] })
  status: string;

  @ApiProperty({ description: 'Links re-computed so far' })
  checkedLinks: number;

  @ApiProperty({ description: 'Links in the chain when the run started' })
  totalLinks: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'When done: { chain, checkedEvents, intact, firstBrokenLink, unsealed, checkpoints, lastHash } (docs/audit-trail.md)',
  })
  report: Record<string, unknown> | null;

  @ApiPropertyOptional({ nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  finishedAt: string | null;
}

export class CheckpointListDto {
  @ApiProperty({
    type: [CheckpointDto],
    description: 'Every signed checkpoint of the chain, oldest first: keep a copy outside the database',
  })
  items: CheckpointDto[];
}
