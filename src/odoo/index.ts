// The shared Odoo provider: the only code that speaks XML-RPC, JSON-RPC or JSON-2 (see README.md).
export { OdooModule, createOdooClient } from './odoo.module';
export { OdooClient, type OdooClientOptions, type OdooClientStats, type OdooAuditSink } from './client/odoo-client';
export { registerNoneReturningMethod, isReadMethod } from './client/call-policy';
export { registerJson2Signature } from './transports/json2.transport';
export * from './odoo.errors';
export * from './odoo.types';
export { odooValue, toOdooValues, toOdooDate, toOdooDatetime, Command } from './values/odoo-values';
export * from './gateways';
export { OdooChangeFeed, type OdooChange, type OdooChangeHandler } from './webhook/odoo-change-feed';
export { ODOO_INBOX_SOURCE } from './webhook/odoo-webhook.controller';
