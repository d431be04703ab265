import { INestApplication } from '@nestjs/common';
import { AppConfig } from '@eid/core';
import { DEMO_ACCOUNTS, DemoSeeder } from '@eid/demo';

/**
 * Start-up tasks that need the running application. The demo trial: on the embedded default (no DATABASE_URL)
 * the first start seeds it unless SEED_DEMO=false; with DATABASE_URL only when SEED_DEMO=true or via
 * `npm run cli -- seed-demo` (AppConfig.seedDemo).
 */
export async function afterStart(app: INestApplication, config: AppConfig, say: (msg: string) => void): Promise<void> {
  if (!config.seedDemo) return;
  const seeder = app.get(DemoSeeder);
  if (!(await seeder.exists())) {
    say('first start: seeding the demo trial through the API services (takes a little while) …');
    await seeder.seed(config.demoPassword, say);
  }
  say(`demo accounts (password: ${config.demoPassword === 'demo-password' ? 'demo-password' : 'the value of DEMO_PASSWORD'}):`);
  for (const a of DEMO_ACCOUNTS)
    say(`  ${a.email.padEnd(30)} ${a.isAdmin ? 'administrator' : `${a.role}${a.siteCode ? ` at ${a.siteCode}` : ''}`}`);
}
