import { Global, Module } from '@nestjs/common';
import { AuditModule } from '@eid/audit';
import { StudiesAdminController } from './admin/studies-admin.controller';
import { StudiesAdminService } from './admin/studies-admin.service';

/**
 * Studies, sites and site participation: their administration (protocol binding, status) by platform
 * administrators. Global so that the synthetic-data and demo set-up can inject StudiesAdminService.
 */
@Global()
@Module({
  imports: [AuditModule],
  controllers: [StudiesAdminController],
  providers: [StudiesAdminService],
  exports: [StudiesAdminService],
})
export class StudyModule {}
