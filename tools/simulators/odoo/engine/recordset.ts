/**
 * A method returning records. Over XML-RPC/JSON-RPC Odoo 17/18 downgrades it through
 * `@api.returns` (a single record → its id; multi-create → ids); JSON-2 always sends `.ids`.
 */
export class RecordsetResult {
  constructor(readonly ids: number[], readonly single?: number) {}
}

export function toWire(result: unknown, protocol: 'xmlrpc' | 'jsonrpc' | 'json2'): unknown {
  if (result instanceof RecordsetResult) return protocol === 'json2' ? result.ids : (result.single ?? result.ids);
  return result;
}
