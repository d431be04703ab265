-- A participant's first e-signature time (participant.last_signed_at is set once, by this trigger, in the signing
-- transaction). Version 1, as created by migration 1764000700000-ParticipantLastSigned. Released: never edit it.

CREATE OR REPLACE FUNCTION e_signature_marks_participant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE participant SET last_signed_at = NEW.signed_at WHERE id = NEW.participant_id AND last_signed_at IS NULL;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER e_signature_marks_participant AFTER INSERT ON "e_signature" FOR EACH ROW EXECUTE FUNCTION e_signature_marks_participant();
