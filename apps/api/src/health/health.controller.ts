import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ErrorResponseDto, healthStatusOnly, Public } from '@eid/core';
import { QueueHealthIndicator } from './queue.health';
import { DependencyStatusDto, HealthStatusDto } from './health-status.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  /**
   * Liveness + readiness: 200 when the database and the queue answer, 503 naming what is down. Anonymous, so it
   * shows the status of each dependency only — never a message or an address (issue 16 item 6).
   */
  @Get()
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiExtraModels(DependencyStatusDto)
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiServiceUnavailableResponse({
    description: 'NOT_READY: the error model with status "error" and the status of each dependency',
    type: ErrorResponseDto,
    example: {
      statusCode: 503,
      code: 'NOT_READY',
      message: 'A dependency is not ready',
      status: 'error',
      details: { database: { status: 'down' }, queue: { status: 'up' } },
      correlationId: '3f1c2a9e-6d1b-4c53-9c57-0f0f7c1b8a21',
    },
  })
  @ApiOperation({ summary: 'Liveness and readiness (database, queue)' })
  async check() {
    return healthStatusOnly(
      await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.queue.isReady('queue')]),
    );
  }
}
