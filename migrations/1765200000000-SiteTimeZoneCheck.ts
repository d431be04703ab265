import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * site.timezone (issue 13 item 9) decides each site's "today"; SQL reads it as `(instant AT TIME ZONE s.timezone)::date`.
 * This constraint is the database's guarantee that such a read never fails and never misreads: an `Area/Location`
 * style name (no bare offset — PostgreSQL reads '+01:00' as a POSIX zone with the sign inverted) that the database's
 * tz data knows. Every site already has a zone (the column has been NOT NULL since the first migration); a site
 * whose zone breaks the rule is not corrected here: the migration stops and names it.
 */
const WELL_FORMED = `'^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$'`;

export class SiteTimeZoneCheck1765200000000 implements MigrationInterface {
  name = 'SiteTimeZoneCheck1765200000000';

  public async up(q: QueryRunner): Promise<void> {
    const bad = (await q.query(
      `SELECT code, timezone FROM site WHERE timezone !~ ${WELL_FORMED} OR timezone NOT IN (SELECT name FROM pg_timezone_names) ORDER BY code`,
    )) as Array<{ code: string; timezone: string }>;
    if (bad.length)
      throw new Error(
        `sites with a time zone that is not an IANA name the database knows: ${bad.map((s) => `${s.code} (${s.timezone})`).join(', ')} — set each to its IANA zone, then migrate again`,
      );
    // timezone(zone, timestamptz) raises for an unknown zone, so an insert with one fails instead of storing it.
    await q.query(
      `ALTER TABLE "site" ADD CONSTRAINT "ck_site_timezone_iana" CHECK (timezone ~ ${WELL_FORMED} AND (timestamptz '2000-01-01 00:00:00+00' AT TIME ZONE timezone) IS NOT NULL)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "site" DROP CONSTRAINT "ck_site_timezone_iana"`);
  }
}
