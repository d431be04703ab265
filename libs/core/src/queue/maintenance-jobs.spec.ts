import { MaintenanceJobs } from './maintenance-jobs';

describe('MaintenanceJobs (the maintenance queue dispatcher)', () => {
  it('runs the handler registered under the job name and returns its result', async () => {
    const jobs = new MaintenanceJobs();
    jobs.register({ name: 'a', everyMs: 1000, run: async () => 'ran a' });
    jobs.register({ name: 'b', everyMs: 2000, run: async () => 'ran b' });
    await expect(jobs.dispatch({ name: 'b' })).resolves.toBe('ran b');
  });

  it('fails a job nobody registered, naming it and what is registered', async () => {
    const jobs = new MaintenanceJobs();
    jobs.register({ name: 'a', everyMs: 1000, run: async () => undefined });
    await expect(jobs.dispatch({ name: 'z' })).rejects.toThrow('No handler for maintenance job "z" in this process (registered: a)');
  });

  it('refuses a second handler for one name and a period that is not positive', () => {
    const jobs = new MaintenanceJobs();
    jobs.register({ name: 'a', everyMs: 1000, run: async () => undefined });
    expect(() => jobs.register({ name: 'a', everyMs: 1000, run: async () => undefined })).toThrow('registered twice');
    expect(() => jobs.register({ name: 'b', everyMs: 0, run: async () => undefined })).toThrow('positive period');
  });

  it('completes a job whose previous run is still going as skipped, without running the handler again', async () => {
    const jobs = new MaintenanceJobs();
    let runs = 0;
    let finish!: () => void;
    jobs.register({ name: 'slow', everyMs: 1000, run: () => (runs++, new Promise<string>((r) => (finish = () => r('done')))) });
    const first = jobs.dispatch({ name: 'slow' });
    await expect(jobs.dispatch({ name: 'slow' })).resolves.toEqual({ skipped: 'the previous run is still in progress in this process' });
    finish();
    await expect(first).resolves.toBe('done');
    expect(runs).toBe(1);
    const third = jobs.dispatch({ name: 'slow' });
    finish();
    await expect(third).resolves.toBe('done');
    expect(runs).toBe(2);
  });
});
