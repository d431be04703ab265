import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sealChainBatch, SEAL_BATCH } from './chain-sealing';

/** Coalesce the after-commit seal requests of one process into one pass per this many ms. */
export const SEAL_DEBOUNCE_MS = 100;
/** The worker sweeps this often (events of processes that died): the maintenance job AUDIT_SEAL_SWEEP_JOB. */
export const SEAL_SWEEP_MS = 1500;
/** The regular sweep looks at events written in about this window (long transactions commit late). */
const SWEEP_LOOKBACK_MS = 30_000;
/** …and every this often (and at start) at the whole table, so nothing is left unsealed for long. */
const DEEP_SWEEP_MS = 5 * 60_000;

export interface SealOptions {
  /** Scan the chain from its first event instead of from the pending hints (verification). */
  deep?: boolean;
  /** When another session is sealing the chain, retry for up to this long instead of skipping. */
  waitMs?: number;
}

export interface SealResult {
  sealed: number;
  /** Chains skipped because another session held their seal lock. */
  busyChains: string[];
}

/**
 * Seals committed audit events into their chain (AuditChainLink), outside the writers' transactions: see
 * AuditService for the design. Triggered (1) after commit of every transaction that recorded events,
 * debounced to one pass per SEAL_DEBOUNCE_MS per process, (2) by a sweep every SEAL_SWEEP_MS, a maintenance job
 * run by the worker (AuditWorkerModule), and (3) synchronously by verification.
 *
 * Passes in one process are serialised; across processes the per-chain advisory lock decides (a pass that
 * finds the lock taken skips the chain: the holder, or the next sweep, seals those events).
 */
@Injectable()
export class AuditSealer implements OnModuleDestroy {
  private readonly logger = new Logger(AuditSealer.name);
  /** chain → lowest audit_event.seq reported committed in this process and not sealed yet. */
  private readonly hints = new Map<string, bigint>();
  private debounce: NodeJS.Timeout | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** (time, max audit_event.id) samples: the sweep scans ids above the one seen SWEEP_LOOKBACK_MS ago. */
  private readonly idMarks: Array<{ at: number; maxId: string }> = [];
  private lastDeepSweep = 0;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.debounce);
    this.debounce = undefined;
    await this.tail.catch(() => undefined);
  }

  /** Called after COMMIT of a transaction that wrote an event (AuditService): cheap, synchronous. */
  notifyCommitted(chain: string, eventSeq: string): void {
    const seq = BigInt(eventSeq);
    const known = this.hints.get(chain);
    if (known === undefined || seq < known) this.hints.set(chain, seq);
    if (this.debounce || this.stopped) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.sealHinted().catch((e) => this.logFailure('after-commit seal', e));
    }, SEAL_DEBOUNCE_MS);
    this.debounce.unref();
  }

  /**
   * Seals the committed, unlinked events of one chain (or of every chain with pending events) now.
   * Without `deep`, only recently written events are considered, as the sweep does.
   */
  sealPending(chain?: string, options: SealOptions = {}): Promise<SealResult> {
    return this.serialised(async () => {
      const chains =
        chain !== undefined
          ? new Map([[chain, options.deep ? 0n : (this.hints.get(chain) ?? 0n)]])
          : await this.pendingChains(options.deep ? '0' : await this.sweepFloorId());
      return this.sealChains(chains, options.waitMs ?? 0);
    });
  }

  private sealHinted(): Promise<SealResult> {
    return this.serialised(() => this.sealChains(new Map(this.hints), 0), true);
  }

  /**
   * The sweep (maintenance job AUDIT_SEAL_SWEEP_JOB): events written in the last ~SWEEP_LOOKBACK_MS that have no
   * link, plus this process's pending hints; the whole table on this process's first sweeps and every
   * DEEP_SWEEP_MS. After shutdown began it does nothing.
   */
  sweepNow(): Promise<SealResult> {
    return this.serialised(async () => {
      const deep = Date.now() - this.lastDeepSweep >= DEEP_SWEEP_MS;
      if (deep) this.lastDeepSweep = Date.now();
      const chains = await this.pendingChains(deep ? '0' : await this.sweepFloorId());
      for (const [c, seq] of this.hints) if (!chains.has(c) || seq < chains.get(c)!) chains.set(c, seq);
      return this.sealChains(chains, 0);
    }, true);
  }

  /** One pass at a time per process; background passes queued before shutdown are dropped. */
  private serialised(work: () => Promise<SealResult>, background = false): Promise<SealResult> {
    const run = this.tail.then((): Promise<SealResult> | SealResult =>
      background && this.stopped ? { sealed: 0, busyChains: [] } : work(),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** chain → lowest unsealed audit_event.seq, among events with id above `floorId`. */
  private async pendingChains(floorId: string): Promise<Map<string, bigint>> {
    const rows = (await this.dataSource.query(
      `SELECT e.chain, min(e.seq)::text AS "fromSeq" FROM audit_event e
        WHERE e.id > $1::bigint AND NOT EXISTS (SELECT 1 FROM audit_chain_link l WHERE l.audit_event_id = e.id)
        GROUP BY e.chain`,
      [floorId],
    )) as Array<{ chain: string; fromSeq: string }>;
    return new Map(rows.map((r) => [r.chain, BigInt(r.fromSeq)]));
  }

  /** The highest event id seen about SWEEP_LOOKBACK_MS ago (0 until this process has been up that long). */
  private async sweepFloorId(): Promise<string> {
    const [{ maxId }] = (await this.dataSource.query(`SELECT coalesce(max(id), 0)::text AS "maxId" FROM audit_event`)) as Array<{
      maxId: string;
    }>;
    const now = Date.now();
    this.idMarks.push({ at: now, maxId });
    while (this.idMarks.length > 1 && this.idMarks[1].at <= now - SWEEP_LOOKBACK_MS) this.idMarks.shift();
    const oldest = this.idMarks[0];
    return oldest.at <= now - SWEEP_LOOKBACK_MS ? oldest.maxId : '0';
  }

  private async sealChains(chains: Map<string, bigint>, waitMs: number): Promise<SealResult> {
    const result: SealResult = { sealed: 0, busyChains: [] };
    for (const [chain, fromSeq] of chains) {
      const hinted = this.hints.get(chain);
      // Hints that arrive from here on are for events this pass may not see; keep only those.
      if (hinted !== undefined && hinted >= fromSeq) this.hints.delete(chain);
      const deadline = Date.now() + waitMs;
      for (;;) {
        const batch = await this.dataSource.transaction(async (em) => {
          // Links are derived data: if a crash loses this commit, the events are still committed (synchronously,
          // with the data) and the next sweep seals them again. So the seal need not wait for its WAL flush,
          // and does not compete with the writers' commits for the disk.
          await em.query(`SET LOCAL synchronous_commit = off`);
          return sealChainBatch(em, chain, fromSeq.toString());
        });
        if (!batch.locked) {
          if (Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          result.busyChains.push(chain);
          // Still pending: the next pass (after-commit or sweep) tries again.
          const again = this.hints.get(chain);
          if (again === undefined || fromSeq < again) this.hints.set(chain, fromSeq);
          break;
        }
        result.sealed += batch.sealed;
        if (batch.sealed < SEAL_BATCH) break;
      }
    }
    return result;
  }

  private logFailure(what: string, e: unknown): void {
    // After shutdown began the database may already be gone (tests drop it): nothing to report.
    if (this.stopped) return;
    this.logger.error({ err: e }, `Audit ${what} failed; the next sweep retries`);
  }
}
