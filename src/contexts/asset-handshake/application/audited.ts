import type { AuditService } from '../../../infrastructure/audit';
import { AppError } from '../../../infrastructure/errors';

/** Runs one cross-system call and records it in the audit trail under the flow's correlation id. */
export async function audited<T>(
  audit: AuditService,
  entry: { system: 'abs' | 'odoo'; operation: string; correlationId: string; details?: Record<string, unknown> },
  fn: () => Promise<T>,
  summarize?: (r: T) => Record<string, unknown>,
): Promise<T> {
  const started = Date.now();
  try {
    const r = await fn();
    audit.record({ system: entry.system, direction: 'outbound', operation: entry.operation, status: 'ok', correlationId: entry.correlationId, durationMs: Date.now() - started, details: { ...entry.details, ...summarize?.(r) } });
    return r;
  } catch (err) {
    audit.record({
      system: entry.system, direction: 'outbound', operation: entry.operation, status: 'error', correlationId: entry.correlationId,
      durationMs: Date.now() - started, error: String((err as Error)?.message ?? err), details: { ...entry.details, code: err instanceof AppError ? err.code : undefined },
    });
    throw err;
  }
}
