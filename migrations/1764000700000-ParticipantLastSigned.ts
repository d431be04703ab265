import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * participant.last_signed_at (issue #5): set when a signature is applied. The eCRF writers read it with the
 * participant row they lock anyway and skip the signature look-up while it is null. Existing participants
 * that hold a signature get the time of their latest one, so nothing already signed is ever skipped.
 */
export class ParticipantLastSigned1764000700000 implements MigrationInterface {
  name = 'ParticipantLastSigned1764000700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "participant" ADD "last_signed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE participant p SET last_signed_at = s.at FROM (SELECT participant_id, max(signed_at) AS at FROM e_signature GROUP BY participant_id) s WHERE s.participant_id = p.id`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "participant" DROP COLUMN "last_signed_at"`);
  }
}
