import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { MaintenanceModule, QUEUES } from '@eid/core';
import { AuditModule } from '@eid/audit';
import { ExportsController } from './api/exports.controller';
import { ExportsService } from './exports.service';
import { ExportCleanupService } from './run/export-cleanup.service';
import { ExportRunner } from './run/export-runner.service';
import { ExportWorkers } from './run/export-workers.service';

/** HTTP side of exports: request, status, download (issue #6). */
@Module({
  imports: [AuditModule, BullModule.registerQueue({ name: QUEUES.exports })],
  controllers: [ExportsController],
  providers: [ExportsService],
  exports: [ExportsService],
})
export class ExportsModule {}

/** Queue consumers: the export runner and the hourly clean-up of expired files. */
@Module({
  imports: [MaintenanceModule],
  providers: [ExportRunner, ExportCleanupService, ExportWorkers],
  exports: [ExportRunner, ExportCleanupService],
})
export class ExportsWorkerModule {}
