import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestContext } from '../context/request-context';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 4;

/**
 * The transaction boundary (STYLE.md habit 2): one transaction per unit of work, retried on serialisation
 * failure or deadlock, after-commit hooks run only after COMMIT. Nested calls reuse the outer transaction.
 */
@Injectable()
export class TransactionService {
  private readonly logger = new Logger(TransactionService.name);

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(ctx: RequestContext, work: (ctx: RequestContext) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    if (ctx.inTransaction) return work(ctx);
    for (let attempt = 1; ; attempt++) {
      try {
        // READ COMMITTED is every connection's default (dataSourceOptions), so it needs no SET TRANSACTION.
        const result =
          isolation === 'READ COMMITTED'
            ? await this.dataSource.transaction((em) => work(ctx.withManager(em)))
            : await this.dataSource.transaction(isolation, (em) => work(ctx.withManager(em)));
        await this.runAfterCommit(ctx);
        return result;
      } catch (e) {
        ctx.drainAfterCommit();
        const code = (e as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        this.logger.warn({ code, attempt, correlationId: ctx.correlationId }, 'Transaction retried');
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
      }
    }
  }

  private async runAfterCommit(ctx: RequestContext): Promise<void> {
    for (const hook of ctx.drainAfterCommit()) {
      try {
        await hook();
      } catch (e) {
        this.logger.error({ err: e, correlationId: ctx.correlationId }, 'After-commit hook failed');
      }
    }
  }
}
