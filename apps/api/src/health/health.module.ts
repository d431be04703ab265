import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { TerminusModule } from '@nestjs/terminus';
import { QUEUES } from '@eid/core';
import { HealthController } from './health.controller';
import { QueueHealthIndicator } from './queue.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), BullModule.registerQueue({ name: QUEUES.maintenance })],
  controllers: [HealthController],
  providers: [QueueHealthIndicator],
})
export class HealthModule {}
