import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The admin audit query filters by request id (follow one request across systems). */
export class AuditRequestIdIndex1764100000000 implements MigrationInterface {
  name = 'AuditRequestIdIndex1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_audit_log_request_id ON audit_log (request_id) WHERE request_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_audit_log_request_id`);
  }
}
