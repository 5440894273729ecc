import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, loadAppConfig } from '../config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { runMigrations } from './run-migrations';

const logger = new Logger('Database');

/**
 * The database is created if missing and migrated while the DataSource is built, so no
 * provider can touch a table before its migration has run.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        // The CLI creates the database too, but applies migrations only through its `migrate` command.
        if (config.database.migrateOnStart || config.isCli) await ensureDatabase(config.database.url);
        return { ...dataSourceOptions(config.database.url, config.database.poolSize), autoLoadEntities: true };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        // dataSourceFactory gets no injected services; loadAppConfig() is the same cached instance.
        const config = loadAppConfig();
        if (config.database.migrateOnStart && !config.isCli) {
          const applied = await runMigrations(dataSource);
          if (applied.length) logger.log({ migrations: applied.map((m) => m.name) }, 'migrations applied');
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
