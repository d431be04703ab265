import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * participant.last_signed_at (issue #5): set when a signature is applied. The eCRF writers read it with the
 * participant row they lock anyway and skip the signature look-up while it is null. Existing participants
 * that hold a signature get the time of their latest one, so nothing already signed is ever skipped.
 *
 * The signing service sets the mark itself, under the participant's row lock and before it reads what it signs
 * (that ordering is what makes concurrent writers safe). The trigger is the database's own guarantee on top:
 * whatever inserts a signature row, its participant is marked, so no future path can leave a signature that
 * later changes would not break (21 CFR 11.70).
 */
export class ParticipantLastSigned1764000700000 implements MigrationInterface {
  name = 'ParticipantLastSigned1764000700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "participant" ADD "last_signed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `UPDATE participant p SET last_signed_at = s.at FROM (SELECT participant_id, max(signed_at) AS at FROM e_signature GROUP BY participant_id) s WHERE s.participant_id = p.id`,
    );
    await q.query(`
      CREATE FUNCTION e_signature_marks_participant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE participant SET last_signed_at = NEW.signed_at WHERE id = NEW.participant_id AND last_signed_at IS NULL;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER e_signature_marks_participant AFTER INSERT ON "e_signature" FOR EACH ROW EXECUTE FUNCTION e_signature_marks_participant()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER e_signature_marks_participant ON "e_signature"`);
    await q.query(`DROP FUNCTION e_signature_marks_participant()`);
    await q.query(`ALTER TABLE "participant" DROP COLUMN "last_signed_at"`);
  }
}
