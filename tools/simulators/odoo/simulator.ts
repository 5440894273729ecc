import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AutomationEngine } from './automations';
import { CallLog } from './calls';
import { Env } from './engine/env';
import { PyException, SerializationFailure, SessionExpired } from './engine/exceptions';
import { addUser, loadFixtureObject, loadFixtures, type FixtureUser } from './engine/fixtures';
import { ALL_MODULES, SimState } from './engine/state';
import { Faults, type FaultConfig, type FaultMode } from './faults';
import { parseJson2 } from './protocols/json2';
import { parseJsonRpc } from './protocols/jsonrpc';
import { versionInfo } from './protocols/services';
import { html, json, type HttpResult, type ParsedCall } from './protocols/types';
import { parseXmlRpc } from './protocols/xmlrpc';

export interface OdooSimulatorOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  /** Odoo major version served: 17, 18 or 19 (JSON-2 and /web/version only on 19). */
  version?: 17 | 18 | 19;
  db?: string;
  /** Installed modules (default: all the simulator knows). Leave out `helpdesk` to test the project.task fallback. */
  modules?: string[];
  /** Load the demo dataset in fixtures/ (default true); or only files whose name contains one of these. */
  seed?: boolean | string[];
  /** Extra users (besides the fixtures' admin and integration users). */
  users?: FixtureUser[];
  /** Largest request body accepted (Odoo 17+: web.max_file_upload_size, 128 MiB). */
  maxBodyBytes?: number;
}

class InjectedServerError extends PyException {
  constructor() {
    super('psycopg2.OperationalError', 'server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally', 500);
  }
}

/**
 * A protocol-faithful Odoo on one port: XML-RPC (/xmlrpc/2/*, legacy /xmlrpc/*), JSON-RPC
 * (/jsonrpc), JSON-2 (/json/2/<model>/<method>, 19 only), /web/version (19) and
 * /web/webclient/version_info; admin routes under /__sim. State is in memory.
 */
export class OdooSimulator {
  state!: SimState;
  automations!: AutomationEngine;
  readonly calls = new CallLog();
  readonly faults = new Faults();
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private hanging = new Set<ServerResponse>();
  private boundPort = 0;
  private inFlight = 0;
  /** Highest number of RPC calls seen in progress at once (tests of the client's concurrency cap). */
  maxConcurrent = 0;

  constructor(readonly options: OdooSimulatorOptions = {}) {
    this.reset();
  }

  get version(): number {
    return this.state.version;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get db(): string {
    return this.state.db;
  }

  /** Rebuilds the database from the fixtures (and forgets calls and faults). */
  reset(): void {
    const o = this.options;
    this.state = new SimState(o.version ?? 17, o.modules ?? ALL_MODULES, o.db ?? 'odoo');
    bootstrap(this.state);
    if (o.seed !== false) loadFixtures(this.state, undefined, Array.isArray(o.seed) ? o.seed : undefined);
    for (const u of o.users ?? []) addUser(this.state, u);
    this.automations = new AutomationEngine(this.state);
    this.calls.reset();
    this.faults.clear();
    this.maxConcurrent = 0;
  }

  /** A superuser env for tests to read and change state directly. */
  env(context: Record<string, unknown> = {}): Env {
    return new Env(this.state, 1, context, true);
  }

  /** Loads more fixture data (same format as fixtures/*.json). */
  seed(data: Record<string, unknown>): void {
    this.state.transaction(() => loadFixtureObject(this.state, data, 'seed'));
  }

  ref(xmlid: string): number {
    return this.env().ref(xmlid);
  }

  /** Re-creates a user under a new uid (a restored database): cached uids go stale. */
  recreateUser(login: string): number {
    const user = this.state.auth.byLogin.get(login);
    if (!user) throw new Error(`no simulator user ${login}`);
    const env = this.env();
    const old = env.m('res.users').browse(user.uid);
    const [uid] = env.m('res.users').create([{ name: old.name, login: `${login}#new`, partner_id: old.partner_id }]);
    env.m('res.users').write([user.uid], { active: false, login: `${login}#old${user.uid}` });
    env.m('res.users').write([uid], { login });
    this.state.auth.byUid.delete(user.uid);
    user.uid = uid;
    this.state.addUser(user);
    return uid;
  }

  setFaults(config: FaultConfig): void {
    this.faults.set(config);
  }

  async listen(): Promise<this> {
    if (this.server) return this;
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort || this.options.port || 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops listening (connections refused) but keeps state and port, until resume(). */
  async pause(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    for (const r of this.hanging) r.destroy();
    this.hanging.clear();
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async resume(): Promise<void> {
    await this.listen();
  }

  async close(): Promise<void> {
    await this.pause();
  }

  // ----------------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://sim');
      const path = url.pathname;
      if (path.startsWith('/__sim')) return await this.admin(req, res, url);
      const raw = await this.readBody(req, res);
      if (raw === undefined) return;
      const parsed = this.route(req, path, raw);
      if (!parsed) return send(res, html(404, 'Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'));
      if ('status' in parsed) return send(res, parsed);
      await this.execute(parsed, res);
    } catch (err) {
      if (!res.headersSent) send(res, html(500, 'Internal Server Error', String((err as Error).message)));
    }
  }

  private route(req: IncomingMessage, path: string, raw: string): ParsedCall | HttpResult | undefined {
    const post = req.method === 'POST';
    let m = /^\/xmlrpc\/2\/(common|object|db)$/.exec(path);
    if (m && post) return parseXmlRpc(this.state, m[1], false, raw);
    m = /^\/xmlrpc\/(common|object|db)$/.exec(path);
    if (m && post) return parseXmlRpc(this.state, m[1], true, raw);
    if (path === '/jsonrpc' && post) return parseJsonRpc(this.state, raw, 'jsonrpc');
    if (path === '/web/webclient/version_info' && post) return parseJsonRpc(this.state, raw, 'version_info');
    if ((path === '/web/version' || path === '/json/version') && this.state.version >= 19) {
      return json(200, { version_info: versionInfo(this.state).server_version_info, version: versionInfo(this.state).server_version });
    }
    m = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) return parseJson2(this.state, decodeURIComponent(m[1]), decodeURIComponent(m[2]), req.method ?? 'GET', req.headers, raw);
    return undefined;
  }

  private async execute(call: ParsedCall, res: ServerResponse): Promise<void> {
    this.inFlight++;
    if (this.inFlight > this.maxConcurrent) this.maxConcurrent = this.inFlight;
    try {
      await this.executeInner(call, res);
    } finally {
      this.inFlight--;
    }
  }

  private async executeInner(call: ParsedCall, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const latency = this.faults.latency();
    if (latency) await new Promise((r) => setTimeout(r, latency));
    const key = call.model ? `${call.model}.${call.method}` : `${call.service}.${call.method}`;
    const record = (outcome: 'ok' | 'error' | 'injected', error?: string) => this.calls.record({
      at: new Date().toISOString(), protocol: call.protocol, service: call.service, key, model: call.model, method: call.method,
      uid: call.uid, outcome, error, durationMs: Math.round(performance.now() - started),
    });
    const mode = this.faults.decide(call.model, call.method);
    if (mode && mode !== 'reset_after') {
      record('injected', mode);
      return this.inject(mode, call, res);
    }
    let result: HttpResult;
    try {
      result = call.ok(call.run());
      record(isFault(result) ? 'error' : 'ok');
    } catch (err) {
      result = call.fail(err);
      record('error', (err as Error).message?.split('\n')[0]);
    }
    if (mode === 'reset_after') {
      res.socket?.destroy();
      return;
    }
    send(res, result);
  }

  private inject(mode: FaultMode, call: ParsedCall, res: ServerResponse): void {
    switch (mode) {
      case 'http_503': return send(res, html(503, 'Service Unavailable', 'The server is temporarily unable to service your request.'));
      case 'http_502': return send(res, html(502, 'Bad Gateway', 'The proxy server received an invalid response from an upstream server.'));
      case 'reset': res.socket?.destroy(); return;
      case 'hang': this.hanging.add(res); res.on('close', () => this.hanging.delete(res)); return;
      case 'server_error': return send(res, call.fail(new InjectedServerError()));
      case 'serialization': return send(res, call.fail(new SerializationFailure()));
      case 'session_expired': return send(res, call.fail(new SessionExpired()));
      default: return send(res, html(503, 'Service Unavailable', 'down'));
    }
  }

  private readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
    const max = this.options.maxBodyBytes ?? 128 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          send(res, html(413, 'Request Entity Too Large', 'The data value transmitted exceeds the capacity limit.'));
          req.destroy();
          resolve(undefined);
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  // ----------------------------------------------------------------------- admin

  private async admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await this.readBody(req, res);
    if (raw === undefined) return;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = url.pathname.replace(/^\/__sim/, '') || '/';
    const method = req.method ?? 'GET';
    try {
      if (path === '/calls' && method === 'GET') return send(res, json(200, this.calls.summary(Number(url.searchParams.get('recent') ?? 100))));
      if (path === '/calls' && method === 'DELETE') { this.calls.reset(); return send(res, json(200, { ok: true })); }
      if (path === '/faults' && method === 'GET') return send(res, json(200, this.faults.config));
      if (path === '/faults' && (method === 'PUT' || method === 'POST')) return send(res, json(200, this.faults.set(body as FaultConfig)));
      if (path === '/faults' && method === 'DELETE') { this.faults.clear(); return send(res, json(200, {})); }
      if (path === '/reset' && method === 'POST') { this.reset(); return send(res, json(200, { ok: true })); }
      if (path === '/info' && method === 'GET') return send(res, json(200, this.info()));
      if (path === '/webhooks' && method === 'GET') return send(res, json(200, this.automations.deliveries));
      if (path === '/clock' && method === 'POST') {
        this.state.clockOffsetMs += Number(body.advanceMs ?? 0);
        if (body.offsetMs !== undefined) this.state.clockOffsetMs = Number(body.offsetMs);
        return send(res, json(200, { now: this.state.clock().toISOString() }));
      }
      const rec = /^\/records\/([\w.]+)$/.exec(path);
      if (rec) {
        const m = this.env({ active_test: false }).m(rec[1]);
        if (method === 'GET') {
          const domain = url.searchParams.get('domain');
          const ids = m.search(domain ? (JSON.parse(domain) as unknown[]) : []);
          return send(res, json(200, m.read(ids, url.searchParams.get('fields')?.split(','))));
        }
        if (method === 'POST') {
          const list = Array.isArray(body) ? (body as Array<Record<string, unknown>>) : [body];
          return send(res, json(200, this.state.transaction(() => m.create(list))));
        }
      }
      const seed = path === '/seed' && method === 'POST';
      if (seed) { this.seed(body); return send(res, json(200, { ok: true })); }
      return send(res, json(404, { error: `no admin route ${method} ${path}` }));
    } catch (err) {
      return send(res, json(400, { error: (err as Error).message }));
    }
  }

  info(): Record<string, unknown> {
    const counts: Record<string, number> = {};
    for (const name of [...this.state.models.keys()].sort()) counts[name] = this.state.table(name).rows.size;
    return {
      version: versionInfo(this.state), db: this.state.db, modules: [...this.state.modules].sort(),
      users: [...this.state.auth.byUid.values()].map((u) => ({ uid: u.uid, login: u.login })), records: counts,
    };
  }
}

function isFault(r: HttpResult): boolean {
  return r.status >= 400 || r.body.includes('<fault>') || (r.body.startsWith('{"jsonrpc"') && r.body.includes('"error":'));
}

function send(res: ServerResponse, r: HttpResult): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(r.body) });
  res.end(r.body);
}

/** What every Odoo database has before any data: the main company and the superuser. */
function bootstrap(state: SimState): void {
  state.transaction(() => {
    const env = new Env(state, 1, {}, true);
    const [partnerId] = env.m('res.partner').create([{ name: 'Cairo Connect Networks', is_company: true, email: 'info@cairoconnect.example' }]);
    const [companyId] = env.m('res.company').create([{ name: 'Cairo Connect Networks', partner_id: partnerId }]);
    state.xmlids.set('base.main_company', { model: 'res.company', id: companyId });
    state.xmlids.set('base.main_partner', { model: 'res.partner', id: partnerId });
    addUser(state, { '@id': 'base.user_root', login: '__system__', name: 'OdooBot', access: { '*': 'rwcu' }, active: false });
    if (state.models.has('ir.model')) {
      const irModel = env.m('ir.model');
      for (const def of state.models.values()) irModel.create([{ name: def.description, model: def.name, state: 'base', modules: def.module, transient: !!def.transient }]);
    }
  });
}

/** Starts a simulator (port 0 by default) for tests and the demo. */
export async function startOdooSimulator(options: OdooSimulatorOptions = {}): Promise<OdooSimulator> {
  return new OdooSimulator(options).listen();
}
