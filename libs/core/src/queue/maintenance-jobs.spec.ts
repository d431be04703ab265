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
});
