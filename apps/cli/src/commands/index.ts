import { CliCommand } from '../command';
import { createAdminCommand } from './create-admin';

/** Every CLI command; each lives in its own file in this folder. */
export const COMMANDS: CliCommand[] = [createAdminCommand];
