import { TestApp } from './test-app';

/**
 * Runs a chain verification job (POST …/verifications) and waits for its report by polling its status, as a
 * client would. `chain`: a study id, or 'platform'. Returns the finished run (report in `.report`).
 */
export async function runVerification(
  t: TestApp,
  token: string,
  chain: string,
  anchors?: unknown[],
): Promise<{ status: string; report: any; checkedLinks: number; totalLinks: number }> {
  const platform = chain === 'platform';
  const base = platform ? '/api/v1/audit/platform/verifications' : '/api/v1/audit/verifications';
  const started = await t
    .http()
    .post(base)
    .set('Authorization', `Bearer ${token}`)
    .send(platform ? { anchors } : { studyId: chain, anchors });
  if (started.status !== 202) throw new Error(`verification not started: ${started.status} ${JSON.stringify(started.body)}`);
  for (;;) {
    const res = await t
      .http()
      .get(`${base}/${started.body.id}`)
      .query(platform ? {} : { study: chain })
      .set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`verification status: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
}
