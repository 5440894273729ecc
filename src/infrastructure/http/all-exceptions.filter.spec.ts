import type { ArgumentsHost } from '@nestjs/common';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import { Conflict, UpstreamUnavailable, ValidationFailed } from '../errors';
import { AllExceptionsFilter } from './all-exceptions.filter';

function capture(exception: unknown) {
  const out: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const res = {
    headersSent: false,
    getHeader: () => 'req-1',
    setHeader: (k: string, v: string) => { out.headers[k] = v; },
    status(code: number) { out.status = code; return this; },
    json(body: Record<string, unknown>) { out.body = body; return this; },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ originalUrl: '/x', method: 'GET' }) }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return out;
}

describe('AllExceptionsFilter', () => {
  it('maps domain errors by kind with their stable code and details', () => {
    const out = capture(new ValidationFailed('bad', { email: ['email must be an email'] }));
    expect(out.status).toBe(400);
    expect(out.body).toEqual({ statusCode: 400, code: 'VALIDATION.FAILED', message: 'bad', details: { email: ['email must be an email'] }, requestId: 'req-1' });
    expect(capture(new Conflict('dup', 'X.DUP')).status).toBe(409);
  });

  it('sets Retry-After when an upstream is unavailable', () => {
    const out = capture(new UpstreamUnavailable('odoo', 'Odoo is down', 30));
    expect(out.status).toBe(503);
    expect(out.body?.code).toBe('ODOO.UNAVAILABLE');
    expect(out.headers['Retry-After']).toBe('30');
  });

  it('keeps Nest HTTP exceptions as they are, with a code', () => {
    expect(capture(new NotFoundException('Cannot GET /nope')).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(capture(new BadRequestException('x')).body).toMatchObject({ statusCode: 400 });
  });

  it('answers body-parser errors with 4xx and no internals', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large', expose: true });
    expect(capture(tooLarge).body).toMatchObject({ statusCode: 413, message: 'Request body too large' });
    const malformed = Object.assign(new SyntaxError('Unexpected token } in JSON at position 7'), { status: 400, type: 'entity.parse.failed' });
    expect(capture(malformed).body).toMatchObject({ statusCode: 400, message: 'Malformed JSON body' });
  });

  it('answers body-parser errors that Nest wrapped in an HttpException with the same plain messages', () => {
    const cause = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, type: 'entity.parse.failed' });
    expect(capture(new BadRequestException(cause.message, { cause })).body).toMatchObject({ statusCode: 400, message: 'Malformed JSON body' });
    expect(capture(new BadRequestException('URI malformed', { cause: new URIError('URI malformed') })).body).toMatchObject({ message: 'Malformed URL encoding' });
  });

  it('hides unknown errors behind a generic 500 without a stack', () => {
    const out = capture(new TypeError('cannot read properties of undefined (reading "secret")'));
    expect(out.status).toBe(500);
    expect(out.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal server error', requestId: 'req-1' });
  });
});
