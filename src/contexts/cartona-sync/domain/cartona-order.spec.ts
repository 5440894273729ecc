import { makeOrder, sampleCreditInstallmentOrder, samplePullOrdersResponse } from '../../../../tools/simulators/cartona';
import { cashToCollect, needsRetailerOtp, orderPayloadHash, parseCartonaOrder, paymentMethodOf, retailerKey } from './cartona-order';
import { cartonaStatusForOdoo, normaliseStatus, odooActionForCartona } from './cartona-status';
import { parseInternalProductId } from './internal-product-id';
import { shouldPush } from '../application/order-status.service';

describe('Cartona order payload', () => {
  it('reads the doc pull-orders sample with every field carried', () => {
    const { order, problems } = parseCartonaOrder(samplePullOrdersResponse()[0]);
    expect(problems).toEqual([]);
    expect(order).toMatchObject({
      hashedId: 'pPX2wRNM', supplierCode: '3', status: 'assigned_to_salesman', deliveredBy: 'delivered_by_cartona', pickupOtp: '123456',
      appliedSupplierRebate: 250, retailer: { name: 'Test5555', code: null, phone: '+201003150160' },
    });
    expect(order!.lines[0]).toMatchObject({ id: 14527894, supplierProductId: '110774', internalProductId: '479', amount: 5, sellingPrice: 1 });
    expect(paymentMethodOf(order!)).toBe('standard');
  });

  it('derives installment, OTP and the cash to collect from the credit/installment sample', () => {
    const { order } = parseCartonaOrder(sampleCreditInstallmentOrder());
    expect(paymentMethodOf(order!)).toBe('installment');
    expect(needsRetailerOtp(order!)).toBe(true);
    expect(cashToCollect(order!)).toBe(100); // 3040 − 50 − 2990 + 100
    expect(retailerKey(order!.retailer)).toBe('code:A00315');
  });

  it('collects every problem instead of throwing, and accepts numeric strings', () => {
    const raw = { ...makeOrder(), status: 'weird', order_details: [{ id: 1, internal_product_id: '5', amount: '0', selling_price: 'x' }] };
    const { order, problems } = parseCartonaOrder(raw);
    expect(order).not.toBeNull();
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('unknown status'), expect.stringContaining('amount'), expect.stringContaining('selling_price')]));
    expect(parseCartonaOrder({ ...makeOrder(), total_price: '12.5' }).order!.totalPrice).toBe(12.5);
    expect(parseCartonaOrder({ nope: true }).order).toBeNull();
  });

  it('reads the retailer note under either spelling, and keys retailers by code, else phone, never a hash of the name', () => {
    expect(parseCartonaOrder({ ...makeOrder(), note_message: 'ring twice' }).order!.note).toBe('ring twice');
    expect(parseCartonaOrder({ ...makeOrder(), notes: 'ring once' }).order!.note).toBe('ring once');
    const { order } = parseCartonaOrder(makeOrder({ retailerCode: null, retailerPhone: '+20 100 315 0160' }));
    expect(retailerKey(order!.retailer)).toBe('phone:+201003150160');
  });

  it('hashes content independently of key order', () => {
    expect(orderPayloadHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(orderPayloadHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(orderPayloadHash({ a: 1 })).not.toBe(orderPayloadHash({ a: 2 }));
  });
});

describe('internal_product_id parsing', () => {
  it('applies the configured suffix policy to "904#2"', () => {
    expect(parseInternalProductId('904#2', 'strip')).toEqual({ key: '904', suffix: '2' });
    expect(parseInternalProductId('904#2', 'exact')).toEqual({ key: '904#2', suffix: '2' });
    expect(parseInternalProductId('904#2', 'reject')).toEqual({ error: 'invalid_internal_product_id' });
    expect(parseInternalProductId('', 'strip')).toEqual({ error: 'missing_internal_product_id' });
    expect(parseInternalProductId(479, 'strip')).toEqual({ key: '479', suffix: null });
  });
});

describe('status mapping', () => {
  it('maps Odoo facts to supplier statuses', () => {
    expect(cartonaStatusForOdoo({ state: 'draft', assigned: false, delivered: false })).toBeNull();
    expect(cartonaStatusForOdoo({ state: 'sale', assigned: false, delivered: false })).toBe('approved');
    expect(cartonaStatusForOdoo({ state: 'sale', assigned: true, delivered: false })).toBe('assigned_to_salesman');
    expect(cartonaStatusForOdoo({ state: 'sale', assigned: true, delivered: true })).toBe('delivered');
    expect(cartonaStatusForOdoo({ state: 'cancel', assigned: false, delivered: false })).toBe('cancelled_by_supplier');
  });

  it('maps Cartona statuses (and the module\'s aliases) to Odoo actions', () => {
    expect(odooActionForCartona('approved')).toBe('confirm');
    expect(odooActionForCartona(normaliseStatus('cancelled').status)).toBe('cancel');
    expect(odooActionForCartona(normaliseStatus('return').status)).toBe('flag_return');
    expect(odooActionForCartona('editing')).toBe('none');
  });

  it('never pushes backwards, after a final status, or anything but a cancellation for Cartona-delivered orders', () => {
    expect(shouldPush('approved', 'pending', 'delivered_by_supplier')).toBe(true);
    expect(shouldPush('approved', 'approved', 'delivered_by_supplier')).toBe(false);
    expect(shouldPush('approved', 'assigned_to_salesman', 'delivered_by_supplier')).toBe(false);
    expect(shouldPush('cancelled_by_supplier', 'approved', 'delivered_by_supplier')).toBe(true);
    expect(shouldPush('cancelled_by_supplier', 'cancelled_by_retailer', 'delivered_by_supplier')).toBe(false);
    expect(shouldPush('delivered', 'assigned_to_salesman', 'delivered_by_cartona')).toBe(false);
    expect(shouldPush('cancelled_by_supplier', 'approved', 'delivered_by_cartona')).toBe(true);
    expect(shouldPush('approved', 'editing', 'delivered_by_supplier')).toBe(false);
  });
});
