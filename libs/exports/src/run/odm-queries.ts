import { PoolClient } from 'pg';
import { DatasetTable, Variable } from '../dataset/variable';
import { AuditHistoryEntry, locationOid, userOid } from '../writers/odm-history';
import { OdmLocation, OdmPlacement, OdmUser } from '../writers/odm.writer';

/** One record of the ODM stream: participant, site, event (0 enrolment, 1 visit, 2 unscheduled), visit number, table index. */
export interface OdmRecordRow {
  pid: string;
  pcode: string | null;
  scode: string | null;
  ev: number;
  vn: number | null;
  ti: number;
  rn: string;
  vals: Array<string | number | boolean | null>;
  hist: AuditHistoryEntry[] | null;
}

export function odmPlacement(t: DatasetTable): OdmPlacement {
  if (t.kind === 'participant') return 'enrolment';
  if (t.name === 'visits') return 'visit';
  return t.variables.some((v) => v.name === 'visit_number') ? 'visit-or-unscheduled' : 'unscheduled';
}

/**
 * The SELECT of one table for the ODM union: event and visit of each record (a form record linked to a planned
 * visit goes to that visit's repeat; unlinked ones to the unscheduled event), its repeat number within the
 * participant's event, and — with the audit trail — its change history from audit_event (seq order).
 */
export function odmRecordSelect(table: DatasetTable, variables: Variable[], placement: OdmPlacement, index: number, withHistory: boolean): string {
  const visitSql = placement === 'visit' ? 't.number' : placement === 'visit-or-unscheduled' ? table.variables.find((v) => v.name === 'visit_number')!.sql : 'NULL::int';
  const ev = placement === 'enrolment' ? '0' : placement === 'visit' ? '1' : placement === 'visit-or-unscheduled' ? `CASE WHEN ${visitSql} IS NULL THEN 2 ELSE 1 END` : '2';
  const hist =
    withHistory && table.auditEntityType
      ? `(SELECT json_agg(json_build_array(a.seq::text, a.actor_user_id, asite.code, to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), a.reason, a.changes) ORDER BY a.seq)
          FROM audit_event a LEFT JOIN site asite ON asite.id = a.site_id WHERE a.entity_type = '${table.auditEntityType}' AND a.entity_id = t.id::text)`
      : 'NULL::json';
  return (
    `SELECT ${table.participantIdSql} AS pid, p.code AS pcode, (SELECT code FROM site WHERE id = p.site_id) AS scode, ${ev} AS ev, ${visitSql} AS vn, ${index} AS ti, ` +
    `row_number() OVER (PARTITION BY ${table.participantIdSql}, ${visitSql} ORDER BY ${table.orderBy}) AS rn, ` +
    `json_build_array(${variables.map((v) => v.sql).join(', ')}) AS vals, ${hist} AS hist ${table.from}`
  );
}

/**
 * AdminData of an ODM export: every site of the study as a Location (plus the study-level location of central
 * actions) and, with the audit trail, every user who appears in it (plus SYSTEM for jobs without a user).
 */
export async function odmAdminData(client: PoolClient, studyId: string, withAudit: boolean): Promise<{ users: OdmUser[]; locations: OdmLocation[] }> {
  const { rows: sites } = await client.query<{ code: string; name: string }>(
    `SELECT s.code, s.name FROM site s WHERE s.id IN (SELECT site_id FROM study_site WHERE study_id = $1)
        OR s.id IN (SELECT site_id FROM participant WHERE study_id = $1)
        ${withAudit ? 'OR s.id IN (SELECT site_id FROM audit_event WHERE study_id = $1 AND site_id IS NOT NULL)' : ''} ORDER BY s.code`,
    [studyId],
  );
  const locations: OdmLocation[] = [{ oid: locationOid(null), name: 'Study level (central)', type: 'Sponsor' }, ...sites.map((s) => ({ oid: locationOid(s.code), name: s.name, type: 'Site' as const }))];
  if (!withAudit) return { users: [], locations };
  const { rows: users } = await client.query<{ id: string; display_name: string; email: string }>(
    `SELECT u.id::text AS id, u.display_name, u.email FROM app_user u WHERE u.id IN (SELECT actor_user_id FROM audit_event WHERE study_id = $1) ORDER BY u.id`,
    [studyId],
  );
  return {
    users: [{ oid: userOid(null), displayName: 'System (no user)' }, ...users.map((u) => ({ oid: userOid(u.id), displayName: u.display_name, email: u.email }))],
    locations,
  };
}
