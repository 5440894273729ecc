import { Module } from '@nestjs/common';
import { AppModule } from './app.module';
import { CliCommandsModule } from './infrastructure/cli/cli-commands.module';

/**
 * The whole hub (so contexts' services and their `cliOnly` commands are there) in the `cli`
 * role: no HTTP server, no queue consumers, no cron registration, no MQTT subscribers.
 */
@Module({ imports: [AppModule, CliCommandsModule] })
export class CliModule {}
