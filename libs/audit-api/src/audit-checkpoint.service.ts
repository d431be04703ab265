import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckpointListDto } from './audit-verification.dto';

/** Reads a chain's signed checkpoints for export (the copy kept outside the database closes the tail-cut gap). */
@Injectable()
export class AuditCheckpointService {
  constructor(private readonly dataSource: DataSource) {}

  async list(chain: string): Promise<CheckpointListDto> {
    const items = await this.dataSource.query(
      `SELECT c.chain, c.seq::text AS seq, c.head_hash AS "headHash", c.key_id AS "keyId", c.signature,
              to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
         FROM audit_checkpoint c WHERE c.chain = $1 ORDER BY c.seq`,
      [chain],
    );
    return { items };
  }
}
