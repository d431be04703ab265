import { EntityManager } from 'typeorm';
import { User } from '../entities/user.entity';

/** True when some study requires a second factor for a role this user holds (or for admins, if one is). */
export async function mfaRequiredFor(em: EntityManager, user: Pick<User, 'id' | 'isAdmin'>): Promise<boolean> {
  const [row] = (await em.query(
    `SELECT EXISTS (SELECT 1 FROM membership m JOIN study s ON s.id = m.study_id WHERE m.user_id = $1 AND m.role::text = ANY (s.mfa_required_roles))
         OR ($2 AND EXISTS (SELECT 1 FROM study s WHERE 'admin' = ANY (s.mfa_required_roles))) AS required`,
    [user.id, user.isAdmin],
  )) as Array<{ required: boolean }>;
  return row.required;
}
