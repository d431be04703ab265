import { Queue, Worker } from 'bullmq';

const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Closes a BullMQ worker on shutdown without hanging when the database is already gone (the PostgreSQL backend
 * keeps retrying its connection, and a graceful close would wait for it forever). An interrupted job is not
 * lost: it stays in the queue and the stalled-job check hands it to the next worker (the services' own shutdown
 * hooks await their running pass, e.g. AuditSealer).
 */
export async function closeWorker(worker: Worker | Queue | undefined): Promise<void> {
  if (!worker) return;
  const closing = worker instanceof Worker ? worker.close(true) : worker.close();
  await Promise.race([closing.catch(() => undefined), new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
}
