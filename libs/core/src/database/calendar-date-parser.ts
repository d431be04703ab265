import { types } from 'pg';

/**
 * A PostgreSQL `date` is a calendar date and reaches the application as the string `YYYY-MM-DD` (issue 13 item 9).
 * node-postgres would otherwise build a JavaScript Date at local midnight of the server's `TZ`, which serialises
 * as a timestamp and names the previous day wherever `TZ` is east of UTC (e.g. Pacific/Kiritimati). Set once for
 * the process, before any connection is made: every pool and raw query then sees strings. TypeORM's `date`
 * columns accept strings unchanged.
 */
const PG_DATE_OID = types.builtins.DATE;
// Array types are not in pg's `builtins` list; their OIDs are fixed in PostgreSQL's catalogue (pg_type).
const PG_DATE_ARRAY_OID = 1182 as typeof types.builtins.DATE;
const PG_TEXT_ARRAY_OID = 1009 as typeof types.builtins.DATE;

types.setTypeParser(PG_DATE_OID, (value: string) => value);
// date[] as text[]: the elements stay `YYYY-MM-DD` strings.
types.setTypeParser(PG_DATE_ARRAY_OID, types.getTypeParser(PG_TEXT_ARRAY_OID));
