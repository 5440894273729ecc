import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { runMigrations } from '../../database/run-migrations';
import { printLine, printTable } from '../output';

@Command({ name: 'migrate', description: 'Apply pending database migrations (creates the database if missing; safe with several instances)' })
export class MigrateCommand extends CommandRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async run(_args: string[], opts: { status?: boolean }): Promise<void> {
    if (opts.status) return this.status();
    const applied = await runMigrations(this.dataSource);
    if (!applied.length) printLine('database is up to date');
    for (const m of applied) printLine(`applied ${m.name}`);
  }

  private async status(): Promise<void> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    const done = new Set<string>(
      await this.dataSource.query(`SELECT name FROM "${table}"`).then((rows: Array<{ name: string }>) => rows.map((r) => r.name)).catch(() => []),
    );
    const rows = this.dataSource.migrations
      .map((m) => m.name ?? m.constructor.name)
      .sort((a, b) => Number(/\d{13}/.exec(a)?.[0]) - Number(/\d{13}/.exec(b)?.[0]))
      .map((name) => ({ migration: name, state: done.has(name) ? 'applied' : 'pending' }));
    printTable(rows);
  }

  @Option({ flags: '--status', description: 'List applied and pending migrations without applying anything' })
  parseStatus(): boolean {
    return true;
  }
}
