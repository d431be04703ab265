import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { QUEUES } from '@eid/core';

/** The queue is ready when its backend (Redis or PostgreSQL) answers a count within the timeout. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isReady(key: string, timeoutMs = 2000) {
    const indicator = this.indicators.check(key);
    try {
      await Promise.race([
        this.queue.getJobCounts('waiting'),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
      ]);
      return indicator.up();
    } catch (e) {
      return indicator.down({ message: (e as Error).message });
    }
  }
}
