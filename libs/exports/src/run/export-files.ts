import { join } from 'node:path';

/** Finished files: `<dataDir>/exports/<jobId>-<attempt>/<name>`; unfinished ones never leave `.partial`. */
export const exportsRoot = (dataDir: string) => join(dataDir, 'exports');
export const partialDir = (dataDir: string) => join(exportsRoot(dataDir), '.partial');
export const partialPath = (dataDir: string, jobId: string, attempt: number) => join(partialDir(dataDir), `${jobId}-${attempt}.part`);
export const finalDir = (dataDir: string, jobId: string, attempt: number) => join(exportsRoot(dataDir), `${jobId}-${attempt}`);
