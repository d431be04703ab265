/**
 * Who held which study role during [$1, $2), rebuilt from the audit trail alone (ICH E6(R3) 4.2: logs of
 * user accounts, roles and permissions). A grant is a `role-change` on a membership whose `role.new` is set,
 * a revocation one whose `role.new` is null; revoked memberships are deleted from the table, so only the
 * audit trail still knows them. A role counts when granted before the end of the day and not revoked
 * before its start (held at some moment of the day). $3: optional study.
 */
export const ACCESS_REVIEW_ROLES_SQL = `
WITH grants AS (
  SELECT DISTINCT ON (e.entity_id) e.entity_id AS membership_id, e.occurred_at, e.actor_user_id, e.reason, e.study_id,
         (e.changes->'userId'->>'new')::uuid AS user_id, e.changes->'role'->>'new' AS role,
         (e.changes->'siteId'->>'new')::uuid AS site_id
    FROM audit_event e
   WHERE e.entity_type = 'membership' AND e.action = 'role-change' AND e.changes->'role'->>'new' IS NOT NULL
   ORDER BY e.entity_id, e.occurred_at
), revokes AS (
  SELECT DISTINCT ON (e.entity_id) e.entity_id AS membership_id, e.occurred_at, e.actor_user_id, e.reason
    FROM audit_event e
   WHERE e.entity_type = 'membership' AND e.action = 'role-change' AND e.changes->'role'->>'new' IS NULL AND e.changes->'role'->>'old' IS NOT NULL
   ORDER BY e.entity_id, e.occurred_at
), deactivations AS (
  SELECT e.entity_id AS user_id, min(e.occurred_at) AS occurred_at
    FROM audit_event e WHERE e.entity_type = 'user' AND e.action = 'deactivate' GROUP BY e.entity_id
)
SELECT g.membership_id AS "membershipId", g.user_id AS "userId", u.email, u.display_name AS "displayName", g.role,
       g.study_id AS "studyId", s.code AS "studyCode", g.site_id AS "siteId", si.code AS "siteCode",
       g.occurred_at AS "grantedAt", gb.display_name AS "grantedByName", g.reason AS "grantReason",
       r.occurred_at AS "revokedAt", rb.display_name AS "revokedByName", r.reason AS "revokeReason",
       d.occurred_at AS "accountDeactivatedAt"
  FROM grants g
  JOIN app_user u ON u.id = g.user_id
  JOIN study s ON s.id = g.study_id
  LEFT JOIN site si ON si.id = g.site_id
  LEFT JOIN revokes r ON r.membership_id = g.membership_id
  LEFT JOIN app_user gb ON gb.id = g.actor_user_id
  LEFT JOIN app_user rb ON rb.id = r.actor_user_id
  LEFT JOIN deactivations d ON d.user_id = u.id::text
 WHERE g.occurred_at < $2 AND (r.occurred_at IS NULL OR r.occurred_at >= $1)
   AND ($3::uuid IS NULL OR g.study_id = $3::uuid)
 ORDER BY s.code, si.code NULLS FIRST, g.role, u.email`;

/** Platform administrators created (as such, per the audit trail) before the end of the day and not deactivated before its start. */
export const ACCESS_REVIEW_ADMINS_SQL = `
SELECT u.id AS "userId", u.email, u.display_name AS "displayName", c.occurred_at AS "createdAt", d.occurred_at AS "accountDeactivatedAt"
  FROM audit_event c
  JOIN app_user u ON u.id::text = c.entity_id
  LEFT JOIN LATERAL (
    SELECT min(e.occurred_at) AS occurred_at FROM audit_event e WHERE e.entity_type = 'user' AND e.action = 'deactivate' AND e.entity_id = c.entity_id
  ) d ON true
 WHERE c.entity_type = 'user' AND c.action = 'create' AND c.changes->'isAdmin'->>'new' = 'true'
   AND c.occurred_at < $2 AND (d.occurred_at IS NULL OR d.occurred_at >= $1)
 ORDER BY u.email`;

/** Memberships in force with no grant in the audit trail: the review cannot vouch for them. */
export const UNAUDITED_MEMBERSHIPS_SQL = `
SELECT count(*)::int AS n FROM membership m
 WHERE ($1::uuid IS NULL OR m.study_id = $1::uuid)
   AND NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.entity_type = 'membership' AND e.entity_id = m.id::text)`;
