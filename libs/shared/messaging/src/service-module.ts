import { DynamicModule, Module, Type } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions, HealthRegistry, PlatformModule, ServiceConfig } from '@tellonce/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES } from './messaging.entities';
import { MessagingTables1763800000000 } from './messaging-tables.migration';
import { MessagingModule } from './messaging.module';

export interface ServiceModuleOptions {
  serviceName: string;
  config: ServiceConfig;
  entities: (new () => object)[];
  migrations: (new () => unknown)[];
  imports: (Type<unknown> | DynamicModule)[];
  logger?: Logger;
}

@Module({})
class DatabaseHealthModule {
  constructor(health: HealthRegistry, @InjectDataSource() dataSource: DataSource) {
    health.register('database', async () => {
      await dataSource.query('SELECT 1');
    });
  }
}

/**
 * The same composition for every service: platform (auth, errors, health, metrics), its own
 * database (migrations at start), messaging (outbox, consumer, audit) and its feature modules.
 */
@Module({})
export class ServiceModule {
  static forRoot(options: ServiceModuleOptions): DynamicModule {
    return {
      module: ServiceModule,
      imports: [
        PlatformModule.forRoot({ serviceName: options.serviceName, config: options.config, logger: options.logger }),
        TypeOrmModule.forRoot(databaseOptions(options.config.DATABASE_URL, [...MESSAGING_ENTITIES, ...options.entities], [MessagingTables1763800000000, ...options.migrations])),
        MessagingModule.forRoot({ serviceName: options.serviceName, brokers: options.config.KAFKA_BROKERS }),
        DatabaseHealthModule,
        ...options.imports,
      ],
    };
  }
}
