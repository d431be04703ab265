import { Job } from 'bullmq';
import { ExportRunner, ProgressListener } from './export-runner.service';
import { ExportJobData, processExport } from './export.processor';

function fakeJob(attemptsMade = 0): Job<ExportJobData> {
  return { data: { exportJobId: 'job-1', correlationId: 'req-42' }, attemptsMade, opts: { attempts: 3 }, updateProgress: jest.fn() } as unknown as Job<ExportJobData>;
}

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, logger: { log: (o: Record<string, unknown>) => lines.push(o), error: (o: Record<string, unknown>) => lines.push(o) } };
}

describe('processExport logs', () => {
  it('start, progress by tenths, end — every line with the request’s correlation id and counts only', async () => {
    const runner = {
      run: async (_id: string, progress: ProgressListener) => {
        // 20,000 rows reported every 5,000: 25 % → step 2, 50 % → 5, 75 % → 7, 100 % → 10 (the end line says it).
        for (const done of [5000, 10000, 15000, 20000]) await progress(done, 20000);
        return { format: 'xlsx', rowsTotal: 20000, sizeBytes: 123456, kept: true };
      },
    } as unknown as ExportRunner;
    const { lines, logger } = capture();
    await processExport(runner, fakeJob(), logger);
    expect(lines.map((l) => [l.event, l.rowsDone ?? null])).toEqual([
      ['export.start', null],
      ['export.progress', 5000],
      ['export.progress', 10000],
      ['export.progress', 15000],
      ['export.end', null],
    ]);
    for (const l of lines) expect(l).toMatchObject({ exportJobId: 'job-1', correlationId: 'req-42', attempt: 1 });
    expect(lines[4]).toMatchObject({ format: 'xlsx', rowsTotal: 20000, sizeBytes: 123456, kept: true });
    const allowed = new Set(['exportJobId', 'correlationId', 'attempt', 'event', 'rowsDone', 'rowsTotal', 'format', 'sizeBytes', 'kept', 'ms']);
    for (const l of lines) expect(Object.keys(l).filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('logs the failure and marks the job failed on the last attempt only', async () => {
    const markFailed = jest.fn();
    const runner = { run: async () => Promise.reject(new Error('disk full')), markFailed } as unknown as ExportRunner;
    const first = capture();
    await expect(processExport(runner, fakeJob(0), first.logger)).rejects.toThrow('disk full');
    expect(first.lines.map((l) => l.event)).toEqual(['export.start', 'export.failed']);
    expect(first.lines[1]).toMatchObject({ correlationId: 'req-42', attempt: 1 });
    expect(markFailed).not.toHaveBeenCalled();
    const last = capture();
    await expect(processExport(runner, fakeJob(2), last.logger)).rejects.toThrow('disk full');
    expect(markFailed).toHaveBeenCalledWith('job-1', 'disk full');
  });

  it('an export interrupted by shutdown is not a failure: no failure line and, even on the last attempt, not marked failed', async () => {
    const markFailed = jest.fn();
    const runner = { run: async () => Promise.reject(new Error('Connection terminated')), markFailed } as unknown as ExportRunner;
    const { lines, logger } = capture();
    await expect(processExport(runner, fakeJob(2), logger, () => true)).rejects.toThrow('Connection terminated');
    expect(lines.map((l) => l.event)).toEqual(['export.start', 'export.interrupted']);
    expect(markFailed).not.toHaveBeenCalled();
  });
});
