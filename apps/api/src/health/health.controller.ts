import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@eid/core';
import { QueueHealthIndicator } from './queue.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  /** Liveness + readiness: 200 when the database and the queue answer, 503 naming what is down. */
  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness (database, queue)' })
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.queue.isReady('queue')]);
  }
}
