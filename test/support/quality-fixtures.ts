import { TestApp } from './test-app';
import { trialMatrixIds } from './trial-fixtures';

type Ids = { own: string; other: string };
const cache = new WeakMap<object, Promise<{ queryId: Ids }>>();

/**
 * Rows for the access matrix (test/access-matrix.e2e-spec.ts): one open data query per site, on the trough row of
 * the trial matrix participant there. Inserted directly: the matrix tests access, not the query workflow.
 */
export function qualityMatrixIds(t: TestApp, w: { studyId: string; ownSiteId: string; otherSiteId: string }): Promise<{ queryId: Ids }> {
  if (!cache.has(w)) cache.set(w, build(t, w));
  return cache.get(w)!;
}

async function build(t: TestApp, w: { studyId: string; ownSiteId: string; otherSiteId: string }): Promise<{ queryId: Ids }> {
  const trial = await trialMatrixIds(t, w);
  const one = async (participantId: string, siteId: string, recordId: string): Promise<string> => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO data_query (study_id, site_id, participant_id, entity_type, record_id, field, status, version)
       VALUES ($1, $2, $3, 'trough_sample', $4, 'concentrationUgPerMl', 'open', 1) RETURNING id`,
      [w.studyId, siteId, participantId, recordId],
    );
    return id as string;
  };
  return {
    queryId: {
      own: await one(trial.participantId.own, w.ownSiteId, trial.recordId.own),
      other: await one(trial.participantId.other, w.otherSiteId, trial.recordId.other),
    },
  };
}
