import { INestApplication } from '@nestjs/common';
import { AppConfig } from '@eid/core';

/** Start-up tasks that need the running application (demo seeding is added by the demo feature). */
export async function afterStart(_app: INestApplication, _config: AppConfig, _say: (msg: string) => void): Promise<void> {
  return;
}
