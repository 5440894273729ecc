import {
  OdooAccessDenied, OdooAccessError, OdooBadRequest, OdooMissingRecord, OdooProtocolError, OdooServerError, OdooSessionExpired, OdooUnavailable,
  OdooUserError, OdooValidationError,
} from '../odoo.errors';
import { errorFromJson2, errorFromJsonRpc, errorFromXmlRpcFault, lastExceptionLine } from './fault-mapping';
import { json2Body } from './json2.transport';

const tb = (line: string) => `Traceback (most recent call last):\n  File "/odoo/service/model.py", line 1, in retrying\n    result = func()\n${line}\n`;

describe('Odoo fault mapping', () => {
  it('maps /xmlrpc/2 fault codes (3 access denied, 4 access error, 2 user/missing, 1 by traceback)', () => {
    expect(errorFromXmlRpcFault(3, 'Access Denied')).toBeInstanceOf(OdooAccessDenied);
    expect(errorFromXmlRpcFault(4, 'You are not allowed to modify')).toBeInstanceOf(OdooAccessError);
    expect(errorFromXmlRpcFault(2, 'Record does not exist or has been deleted.')).toBeInstanceOf(OdooMissingRecord);
    expect(errorFromXmlRpcFault(2, 'Nothing to invoice')).toBeInstanceOf(OdooUserError);
    expect(errorFromXmlRpcFault(1, tb('psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update'))).toBeInstanceOf(OdooUnavailable);
    expect(errorFromXmlRpcFault(1, tb('odoo.http.SessionExpiredException: Session expired'))).toBeInstanceOf(OdooSessionExpired);
    expect(errorFromXmlRpcFault(1, tb('OverflowError: int exceeds XML-RPC limits'))).toBeInstanceOf(OdooProtocolError);
    const server = errorFromXmlRpcFault(1, tb('ValueError: Invalid field \'x\' on model \'res.partner\''));
    expect(server).toBeInstanceOf(OdooServerError);
    expect((server as OdooServerError).summary).toBe('ValueError: Invalid field \'x\' on model \'res.partner\'');
  });

  it('finds the exception line of a multi-line message', () => {
    expect(lastExceptionLine(tb('odoo.exceptions.ValidationError: The operation cannot be completed:\n- a mandatory field is not set'))).toEqual({
      name: 'odoo.exceptions.ValidationError', message: 'The operation cannot be completed:\n- a mandatory field is not set',
    });
  });

  it('maps JSON-RPC errors on data.name, not on the code', () => {
    expect(errorFromJsonRpc({ code: 200, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.ValidationError', message: 'bad' } })).toBeInstanceOf(OdooValidationError);
    expect(errorFromJsonRpc({ code: 0, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.MissingError', message: 'gone' } })).toBeInstanceOf(OdooMissingRecord);
    expect(errorFromJsonRpc({ code: 100, message: 'Odoo Session Expired' })).toBeInstanceOf(OdooSessionExpired);
    expect(errorFromJsonRpc({ code: 404, message: '404: Not Found' })).toBeInstanceOf(OdooProtocolError);
  });

  it('maps JSON-2 statuses and bodies (and a bare-string body from early drafts)', () => {
    expect(errorFromJson2(401, { name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey' })).toBeInstanceOf(OdooAccessDenied);
    expect(errorFromJson2(403, { name: 'odoo.exceptions.AccessError', message: 'no' })).toBeInstanceOf(OdooAccessError);
    expect(errorFromJson2(404, { name: 'werkzeug.exceptions.NotFound', message: 'the model \'x\' does not exist' })).toBeInstanceOf(OdooBadRequest);
    expect(errorFromJson2(422, 'missing a required argument: \'domain\'')).toBeInstanceOf(OdooBadRequest);
    expect(errorFromJson2(409, null)).toBeInstanceOf(OdooUnavailable);
  });
});

describe('JSON-2 request bodies', () => {
  it('names positional arguments, moves ids and context, and lists a single create', () => {
    expect(json2Body({ model: 'res.partner', method: 'search_read', args: [[['a', '=', 1]]], kwargs: { fields: ['name'], limit: 5, context: { lang: 'ar_001' } } }))
      .toEqual({ domain: [['a', '=', 1]], fields: ['name'], limit: 5, context: { lang: 'ar_001' } });
    expect(json2Body({ model: 'res.partner', method: 'write', args: [[1, 2], { name: 'x' }], kwargs: {} })).toEqual({ ids: [1, 2], vals: { name: 'x' } });
    expect(json2Body({ model: 'res.partner', method: 'create', args: [{ name: 'x' }], kwargs: {} })).toEqual({ vals_list: [{ name: 'x' }] });
    expect(json2Body({ model: 'sale.order', method: 'action_confirm', args: [[7]], kwargs: {} })).toEqual({ ids: [7] });
    expect(() => json2Body({ model: 'sale.order', method: 'custom', args: [[7], 'positional'], kwargs: {} })).toThrow(OdooBadRequest);
  });
});
