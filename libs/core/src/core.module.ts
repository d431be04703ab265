import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { TransactionService } from './database/transaction.service';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { createValidationPipe } from './errors/validation';
import { loggerModule } from './logging/logger.module';
import { QUEUE_BACKEND } from './queue/queue.tokens';
import { queueConnection } from './queue/queue-connection';

export interface CoreOptions {
  config: AppConfig;
  /** The database URL requests run with: the restricted role from prepareDatabaseRoles (an owner URL only in benches). */
  databaseUrl: string;
  /** Migrate inside the module (benches only); the apps migrate as the owner in prepareDatabaseRoles first. */
  runMigrations: boolean;
}

/** Configuration, persistence, queue, logging and the error/validation edge — shared by every app. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreOptions): DynamicModule {
    const { config, databaseUrl } = options;
    const queue = queueConnection(config, databaseUrl, options.runMigrations);
    return {
      module: CoreModule,
      imports: [
        loggerModule(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), migrationsRun: options.runMigrations }),
        BullModule.forRoot({ connection: queue.connection as never, prefix: config.queuePrefix }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: QUEUE_BACKEND, useValue: queue.backend },
        TransactionService,
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [APP_CONFIG, QUEUE_BACKEND, TransactionService],
    };
  }
}
