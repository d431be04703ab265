import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { encodeBatch, type EncodedBatch } from './synth-batch';
import type { SynthWorkerData } from './synth-worker';

/**
 * Generation and encoding (≈ 8 ms of CPU per participant-year set) run in worker threads so they overlap
 * with PostgreSQL ingesting the previous batch. Falls back to the calling thread when workers cannot load
 * this code (TypeScript sources under a test runner's own transformer) or when asked for 0 workers.
 */
export class EncoderPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (b: EncodedBatch) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private turn = 0;

  constructor(
    private readonly data: SynthWorkerData,
    workers = defaultWorkers(),
  ) {
    if (!workersCanLoad()) workers = 0;
    const file = join(__dirname, `synth-worker${extname(__filename)}`);
    for (let i = 0; i < workers; i++) {
      const w = new Worker(file, { workerData: data, execArgv: process.execArgv });
      w.on('message', (m: { id: number; batch?: EncodedBatch; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(`synth worker: ${m.error}`));
        else p?.resolve(m.batch as EncodedBatch);
      });
      w.on('error', (e) => this.failAll(e));
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  encode(from: number, to: number): Promise<EncodedBatch> {
    if (this.workers.length === 0) return Promise.resolve().then(() => encodeBatch(this.data.options, this.data.target, from, to));
    const id = this.nextId++;
    const w = this.workers[this.turn++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, from, to });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

/** Two cores: both encode while PostgreSQL ingests (its work is mostly index maintenance and WAL). */
function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** Compiled JavaScript loads anywhere; TypeScript sources only when ts-node is registered (npm run cli/bench). */
function workersCanLoad(): boolean {
  return extname(__filename) === '.js' || process.execArgv.some((a) => a.includes('ts-node'));
}
