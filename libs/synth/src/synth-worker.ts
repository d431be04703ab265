import { parentPort, workerData } from 'node:worker_threads';
import { encodeBatch, type SynthBatchTarget } from './synth-batch';
import type { SynthOptions } from './synthetic-trial.types';

/** Worker-thread entry of the synth encoder pool (encoder-pool.ts): one encoded batch per request. */
export interface SynthWorkerData {
  synthEncoder: true;
  options: SynthOptions;
  target: SynthBatchTarget;
}

const data = workerData as SynthWorkerData | undefined;
if (parentPort && data?.synthEncoder) {
  const port = parentPort;
  port.on('message', (m: { id: number; from: number; to: number }) => {
    try {
      port.postMessage({ id: m.id, batch: encodeBatch(data.options, data.target, m.from, m.to) });
    } catch (e) {
      port.postMessage({ id: m.id, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
    }
  });
}
