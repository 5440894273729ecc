import { OdooClient, type OdooAuditSink, type OdooClientOptions } from '../../src/odoo/client/odoo-client';
import type { OdooProtocol } from '../../src/odoo/odoo.types';
import { SIM_USERS, startOdooSimulator, type OdooSimulator, type OdooSimulatorOptions } from '../../tools/simulators/odoo';

export interface SimClient {
  sim: OdooSimulator;
  client: OdooClient;
  audit: RecordingAudit;
  close(): Promise<void>;
}

/** Collects audit entries in memory (the real AuditService writes them to Postgres). */
export class RecordingAudit implements OdooAuditSink {
  readonly entries: Parameters<OdooAuditSink['record']>[0][] = [];
  record(entry: Parameters<OdooAuditSink['record']>[0]): void {
    this.entries.push(entry);
  }
}

/** The version a protocol needs: JSON-2 exists only on Odoo 19. */
export const versionFor = (protocol: OdooProtocol | 'auto'): 17 | 19 => (protocol === 'json2' ? 19 : 17);

/** A seeded simulator and a client logged in as the fixture's integration user. */
export async function simClient(
  protocol: OdooProtocol | 'auto',
  simOptions: OdooSimulatorOptions = {},
  clientOptions: Partial<OdooClientOptions> = {},
): Promise<SimClient> {
  const sim = await startOdooSimulator({ version: versionFor(protocol), ...simOptions });
  const audit = new RecordingAudit();
  const client = new OdooClient({
    connection: { url: sim.url, db: sim.db, username: SIM_USERS.hub.login, apiKey: SIM_USERS.hub.apiKey },
    protocol, timeoutMs: 5000, maxConcurrency: 8, retries: 2, retryBaseMs: 5, retryMaxMs: 20,
    breakerFailures: 5, breakerHalfOpenAfterMs: 500, audit, ...clientOptions,
  });
  return { sim, client, audit, close: async () => { await client.close(); await sim.close(); } };
}

export const PROTOCOLS: OdooProtocol[] = ['xmlrpc', 'jsonrpc', 'json2'];
