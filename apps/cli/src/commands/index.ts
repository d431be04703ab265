import { CliCommand } from '../command';

/** A command is loaded only when chosen: `dosing decide` must not pay for booting Nest and TypeORM. */
export interface CommandEntry {
  name: string[];
  load(): CliCommand;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: CommandEntry[] = [
  { name: ['create-admin'], load: () => require('./create-admin').createAdminCommand },
  { name: ['seed-demo'], load: () => require('./seed-demo').seedDemoCommand },
  { name: ['dosing', 'decide'], load: () => require('./dosing-decide').dosingDecideCommand },
  { name: ['pk', 'predict'], load: () => require('./pk-predict').pkPredictCommand },
  { name: ['synth'], load: () => require('./synth').synthCommand },
];
