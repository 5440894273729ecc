import SwaggerParser from '@apidevtools/swagger-parser';
import { createTestApp, type TestApp } from '../../support/app';

type Operation = {
  tags?: string[]; summary?: string; security?: unknown[];
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
type Schema = { properties?: Record<string, Record<string, unknown>>; allOf?: unknown[] };

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Record<string, unknown> & { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(async () => { await t.close(); });

  it('validates as OpenAPI 3', async () => {
    expect(String(doc.openapi)).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('serves Swagger UI at /docs', async () => {
    const ui = await t.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })));

  it('documents every route with tags, a summary, a typed success response and error responses', () => {
    const problems: string[] = [];
    for (const { id, op } of operations()) {
      if (!op.tags?.length) problems.push(`${id}: no @ApiTags`);
      if (!op.summary) problems.push(`${id}: no @ApiOperation summary`);
      const codes = Object.keys(op.responses ?? {});
      const success = codes.filter((c) => /^2/.test(c));
      if (!success.length) problems.push(`${id}: no success response`);
      for (const c of success.filter((c) => c !== '204' && c !== '302')) {
        if (!op.responses![c].content) problems.push(`${id}: ${c} has no typed body`);
      }
      if (!codes.some((c) => /^[45]/.test(c))) problems.push(`${id}: no error response documented`);
      for (const c of codes.filter((c) => /^[45]/.test(c))) {
        const ref = op.responses![c].content?.['application/json']?.schema?.$ref;
        if (!ref || !/(ErrorResponseDto|HealthReportDto)$/.test(ref)) problems.push(`${id}: ${c} is not an ErrorResponseDto`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares an auth scheme on every admin and authenticated route', () => {
    const open = ['POST /api/auth/register', 'POST /api/auth/login', 'POST /api/auth/session', 'DELETE /api/auth/session', 'GET /health', 'GET /health/ready'];
    const missing = operations().filter(({ id, op }) => !open.includes(id) && !op.security?.length).map(({ id }) => id);
    expect(missing).toEqual([]);
    const admin = operations().filter(({ id }) => / \/api\/admin\//.test(id));
    expect(admin.length).toBeGreaterThanOrEqual(12);
    for (const { op } of admin) expect(op.security).toEqual(expect.arrayContaining([{ jwt: [] }, { 'api-key': [] }]));
  });

  it('gives every DTO property an example (or a typed reference)', () => {
    const missing: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [prop, def] of Object.entries(schema.properties ?? {})) {
        const typed = '$ref' in def || 'allOf' in def || (def.type === 'array' && def.items && '$ref' in (def.items as object));
        if (!('example' in def) && !typed) missing.push(`${name}.${prop}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
