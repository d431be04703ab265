import { CliCommand } from '../command';
import { createAdminCommand } from './create-admin';
import { dosingDecideCommand } from './dosing-decide';
import { pkPredictCommand } from './pk-predict';
import { seedDemoCommand } from './seed-demo';
import { synthCommand } from './synth';

/** Every CLI command; each lives in its own file in this folder. */
export const COMMANDS: CliCommand[] = [createAdminCommand, seedDemoCommand, dosingDecideCommand, pkPredictCommand, synthCommand];
