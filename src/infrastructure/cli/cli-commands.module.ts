import { Module } from '@nestjs/common';
import { ApiKeyCreateCommand, ApiKeyListCommand, ApiKeyRevokeCommand } from './commands/api-key.commands';
import { DeadLetterDiscardCommand, DeadLetterListCommand, DeadLetterReplayCommand } from './commands/dead-letter.commands';
import { JobsListCommand, JobsRunCommand } from './commands/jobs.commands';
import { MigrateCommand } from './commands/migrate.command';

/** The foundation's operator commands; contexts register theirs with `cliOnly(...)` in their own modules. */
@Module({
  providers: [
    MigrateCommand,
    ApiKeyCreateCommand, ApiKeyListCommand, ApiKeyRevokeCommand,
    DeadLetterListCommand, DeadLetterReplayCommand, DeadLetterDiscardCommand,
    JobsListCommand, JobsRunCommand,
  ],
})
export class CliCommandsModule {}
