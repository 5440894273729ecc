export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request parsed far enough to know what it calls (for counters and fault targeting). */
export interface ParsedCall {
  protocol: 'xmlrpc' | 'jsonrpc' | 'json2' | 'web';
  service: string;
  method: string;
  model?: string;
  uid?: number;
  run(): unknown;
  ok(result: unknown): HttpResult;
  fail(err: unknown): HttpResult;
}

export const html = (status: number, title: string, text: string): HttpResult => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`,
});

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): HttpResult => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});
