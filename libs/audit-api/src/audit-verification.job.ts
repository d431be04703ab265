import { Queue } from 'bullmq';
import { SignedCheckpoint } from './audit-chain-verifier.service';

/** What the API enqueues for a verification run; the run's row (audit_verification) holds the rest. */
export interface VerificationJobData {
  verificationId: string;
  chain: string;
  /** Exported checkpoints handed in with the request (checked like the stored ones). */
  anchors: SignedCheckpoint[];
}

/** Progress as the job reports it (job.updateProgress); the row's checkedLinks says the same for the API. */
export interface VerificationJobProgress {
  checkedLinks: number;
  totalLinks: number;
}

export const VERIFICATION_JOB = 'verify';

/**
 * jobId = the run's id: a run is in the queue at most once, and the worker can add it again (requeue). A worker killed
 * mid-run stops renewing its lock and the stalled-job check hands the run to another worker; a run that throws
 * is recorded as failed by the worker itself, never retried.
 */
export const verificationJobOptions = (verificationId: string) => ({
  jobId: verificationId,
  attempts: 1,
  removeOnComplete: 100,
  removeOnFail: 100,
});

/** Adds a run to the queue: by the API when the run is created, and again by the worker for runs still queued. */
export const addVerificationJob = (queue: Queue<VerificationJobData>, data: VerificationJobData) =>
  queue.add(VERIFICATION_JOB, data, verificationJobOptions(data.verificationId));
