import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CheckpointDto } from './audit-query.dto';

/** The first link that does not hold (ChainBreak). */
export class ChainBreakDto {
  @ApiProperty({ example: '1042', description: 'Chain position' })
  seq: string;

  @ApiProperty({ format: 'uuid', description: 'The audit event at that position' })
  id: string;

  @ApiProperty({ enum: ['hash-mismatch', 'event-missing', 'prev-hash-mismatch', 'sequence-gap'] })
  problem: 'hash-mismatch' | 'event-missing' | 'prev-hash-mismatch' | 'sequence-gap';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  occurredAt: string | null;
}

/** Events older than the sealing grace period still not linked into the chain (UnsealedFinding). */
export class UnsealedFindingDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ format: 'uuid' })
  oldestId: string;

  @ApiProperty({ format: 'date-time' })
  oldestOccurredAt: string;
}

/** A checkpoint that does not hold (CheckpointFailure). */
export class CheckpointFailureDto {
  @ApiProperty({ example: '1042' })
  seq: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    enum: ['bad-signature', 'tail-cut', 'head-differs'],
    description:
      'bad-signature: not signed with this deployment’s key; tail-cut: the chain ends before it; head-differs: the chain was rewritten',
  })
  problem: 'bad-signature' | 'tail-cut' | 'head-differs';
}

/** The checkpoints checked, the database's and any exported ones handed in (CheckpointFindings). */
export class CheckpointFindingsDto {
  @ApiProperty()
  checked: number;

  @ApiProperty({ type: String, nullable: true })
  latestSeq: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  latestAt: string | null;

  @ApiProperty({ type: CheckpointFailureDto, nullable: true })
  firstFailure: CheckpointFailureDto | null;
}

/** The result of re-computing a chain (ChainReport, docs/audit-trail.md). */
export class ChainReportDto {
  @ApiProperty({ description: 'Study id, or `platform`' })
  chain: string;

  @ApiProperty()
  checkedEvents: number;

  @ApiProperty({ description: 'No broken link, no failed checkpoint and no event left unsealed past the grace period' })
  intact: boolean;

  @ApiProperty({ type: ChainBreakDto, nullable: true })
  firstBrokenLink: ChainBreakDto | null;

  @ApiProperty({ type: UnsealedFindingDto, nullable: true })
  unsealed: UnsealedFindingDto | null;

  @ApiProperty({ type: CheckpointFindingsDto })
  checkpoints: CheckpointFindingsDto;

  @ApiProperty({ type: String, nullable: true, description: 'Hash of the last link checked (hex)' })
  lastHash: string | null;
}

/** A verification run: progress while running, the chain report when done (shape: ChainReport). */
export class VerificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Study id, or `platform`' })
  chain: string;

  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] })
  status: 'queued' | 'running' | 'done' | 'failed';

  @ApiProperty({ description: 'Links re-computed so far' })
  checkedLinks: number;

  @ApiProperty({ description: 'Links in the chain when the run started' })
  totalLinks: number;

  @ApiPropertyOptional({ type: ChainReportDto, nullable: true, description: 'When done: the chain report (docs/audit-trail.md)' })
  report: ChainReportDto | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}

export class CheckpointListDto {
  @ApiProperty({
    type: [CheckpointDto],
    description: 'Every signed checkpoint of the chain, oldest first: keep a copy outside the database',
  })
  items: CheckpointDto[];
}
