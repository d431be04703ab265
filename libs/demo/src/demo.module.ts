import { Module } from '@nestjs/common';
import { IdentityModule } from '@eid/identity';
import { TrialModule } from '@eid/trial';
import { DemoSeeder } from './demo-seeder.service';

/** The demo trial seeded on first start (apps/api/src/after-start.ts) or by `npm run cli -- seed-demo`. */
@Module({
  imports: [IdentityModule, TrialModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
