import { loadConfig } from '@eid/core';
import { DEMO_ACCOUNTS, DemoSeeder } from '@eid/demo';
import { CliCommand } from '../command';
import { withAppContext } from '../app-context';

/** Seeds the demo trial into the configured database (DATABASE_URL or the embedded one); idempotent. */
export const seedDemoCommand: CliCommand = {
  name: ['seed-demo'],
  summary: 'Create the demo study (sites AMS, RTM, NMG, one account per role, synthetic participants)',
  usage:
    'npm run -s cli -- seed-demo\n  Password of the demo accounts: DEMO_PASSWORD (default demo-password). A second run changes nothing.',
  async run() {
    const password = loadConfig().demoPassword;
    const result = await withAppContext((app) => app.get(DemoSeeder).seed(password, (m) => process.stdout.write(`${m}\n`)));
    if (!result.created) process.stdout.write('The demo study already exists; nothing was added.\n');
    for (const a of DEMO_ACCOUNTS) process.stdout.write(`  ${a.email}\n`);
    return 0;
  },
};
