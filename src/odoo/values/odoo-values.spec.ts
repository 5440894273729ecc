import { Command, odooValue as v, toOdooDate, toOdooDatetime, toOdooValues } from './odoo-values';

describe('Odoo value mapping', () => {
  it('turns Odoo\'s false into null for every empty non-boolean value', () => {
    expect([v.str(false), v.text(''), v.ref(false), v.date(false), v.datetime(false), v.binary(false)]).toEqual([null, null, null, null, null, null]);
    expect(v.bool(false)).toBe(false);
    expect(v.ids(false)).toEqual([]);
    expect(v.num(false)).toBe(0);
  });

  it('reads many2one as [id, name] or a bare id (load=None, webhooks)', () => {
    expect(v.ref([7, 'Acme'])).toEqual({ id: 7, name: 'Acme' });
    expect(v.ref(7)).toEqual({ id: 7, name: '' });
    expect(v.refId([7, 'Acme'])).toBe(7);
  });

  it('reads naive UTC datetimes as UTC, and dates as YYYY-MM-DD', () => {
    expect(v.datetime('2025-03-01 12:00:05')?.toISOString()).toBe('2025-03-01T12:00:05.000Z');
    expect(v.date('2025-03-01')).toBe('2025-03-01');
    expect(toOdooDatetime(new Date('2025-03-01T14:00:05+02:00'))).toBe('2025-03-01 12:00:05');
    expect(toOdooDate(new Date('2025-03-01T23:30:00Z'))).toBe('2025-03-01');
  });

  it('rounds floats to money and keeps selections to the allowed values', () => {
    expect(v.money(0.1 + 0.2)).toBe(0.3);
    expect(v.selection('sale', ['draft', 'sale'] as const)).toBe('sale');
    expect(v.selection('done', ['draft', 'sale'] as const)).toBeNull();
  });

  it('writes null as false, Dates as UTC strings, Buffers as base64, and drops undefined', () => {
    expect(toOdooValues({ a: null, b: undefined, c: new Date('2025-01-02T03:04:05Z'), d: Buffer.from('hi'), e: [Command.set([1, 2])], f: 0 }))
      .toEqual({ a: false, c: '2025-01-02 03:04:05', d: 'aGk=', e: [[6, 0, [1, 2]]], f: 0 });
    expect([Command.create({ x: 1 }), Command.update(3, { x: 2 }), Command.delete(4), Command.unlink(5), Command.link(6), Command.clear()])
      .toEqual([[0, 0, { x: 1 }], [1, 3, { x: 2 }], [2, 4, 0], [3, 5, 0], [4, 6, 0], [5, 0, 0]]);
  });
});
