import { InjectRepository } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { Repository } from 'typeorm';
import { Account } from '../../../infrastructure/auth';
import { printJson, printLine, printTable, startProgress } from '../../../infrastructure/cli';
import { NotFound, ValidationFailed } from '../../../infrastructure/errors';
import { normalizeEmail } from '../domain/link-rules';
import { ALL_PARTS, SyncService, type SyncParts, type SyncReport } from '../application/sync.service';
import { PartnerLinkRepository } from '../persistence/partner-link.repository';

interface SyncOptions {
  customer?: string;
  all?: boolean;
  services?: boolean;
  tickets?: boolean;
  json?: boolean;
}

/**
 * `odoo:sync --customer=EMAIL | --all [--services] [--tickets]`: refreshes the portal's local
 * copies from Odoo now (the nightly job does the same for everyone). With --services and/or
 * --tickets only those parts; with neither, everything (services, billing history, tickets).
 */
@Command({
  name: 'odoo:sync',
  description: 'Refresh the customer portal\'s local copies from Odoo: one customer (--customer=EMAIL) or every linked customer (--all)',
})
export class OdooSyncCommand extends CommandRunner {
  constructor(
    private readonly sync: SyncService,
    private readonly links: PartnerLinkRepository,
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
  ) {
    super();
  }

  async run(_args: string[], o: SyncOptions): Promise<void> {
    if (!!o.customer === !!o.all) throw new ValidationFailed('Give exactly one of --customer=EMAIL or --all', { customer: ['--customer or --all'] });
    const parts: SyncParts = o.services || o.tickets
      ? { services: !!o.services, tickets: !!o.tickets, billing: false }
      : ALL_PARTS;
    const customers = o.customer ? [await this.customerOf(o.customer)] : await this.sync.linkedCustomers();

    const progress = startProgress(`odoo:sync ${describe(parts)}`, customers.length);
    const reports: SyncReport[] = [];
    try {
      for (const id of customers) {
        reports.push(await this.sync.syncCustomer(id, parts));
        progress.increment();
      }
    } finally {
      progress.stop();
    }

    const failed = reports.filter((r) => !r.ok);
    if (o.json) printJson({ customers: reports.length, failed: failed.length, reports });
    else {
      printTable(reports.map((r) => ({
        customer: r.commercialPartnerId, ok: r.ok, services: r.services, open_invoices: r.openInvoices, invoices: r.invoices,
        payments: r.payments, orders: r.orders, tickets: r.tickets, errors: r.errors.join('; '),
      })));
      printLine(`${reports.length - failed.length}/${reports.length} customers refreshed`);
    }
    if (failed.length) process.exitCode = 1;
  }

  private async customerOf(email: string): Promise<number> {
    const normalized = normalizeEmail(email);
    if (!normalized) throw new ValidationFailed('--customer must be an email address', { customer: ['not an email'] });
    const account = await this.accounts.findOneBy({ email: normalized });
    const link = account ? await this.links.findByAccount(account.id) : null;
    if (!link) throw new NotFound(`No portal account linked to an Odoo customer has the email ${normalized}`, 'PORTAL.LINK_NOT_FOUND');
    return link.commercialPartnerId;
  }

  @Option({ flags: '--customer <email>', description: 'The portal account email of the customer to refresh' })
  parseCustomer(v: string): string { return v; }
  @Option({ flags: '--all', description: 'Every customer with a linked portal account' })
  parseAll(): boolean { return true; }
  @Option({ flags: '--services', description: 'Only services (and open invoices, for arrears)' })
  parseServices(): boolean { return true; }
  @Option({ flags: '--tickets', description: 'Only tickets' })
  parseTickets(): boolean { return true; }
  @Option({ flags: '--json', description: 'Print the reports as JSON' })
  parseJson(): boolean { return true; }
}

function describe(p: SyncParts): string {
  return [p.services && 'services', p.billing && 'billing', p.tickets && 'tickets'].filter(Boolean).join('+');
}
