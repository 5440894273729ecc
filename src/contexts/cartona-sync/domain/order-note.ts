import { cashToCollect, needsRetailerOtp, paymentMethodOf, type CartonaOrder } from './cartona-order';

const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

/**
 * What the Odoo order's note carries from Cartona: payment split (credit, installment, wallet
 * top-up, cash to collect), OTP rules, dates, route, retailer note. Odoo has no standard fields
 * for these, and the people preparing and delivering the order need them.
 */
export function orderNote(o: CartonaOrder): string {
  const lines: string[] = [`Cartona order ${o.hashedId}${o.receiptId ? ` (receipt ${o.receiptId})` : ''}${o.supplierCode ? `, supplier code ${o.supplierCode}` : ''}`];
  lines.push(`Payment: ${paymentMethodOf(o)}; total ${o.totalPrice === null ? '—' : money(o.totalPrice)}`);
  if (o.cartonaCredit) lines.push(`Cartona credit (paid by Cartona): ${money(o.cartonaCredit)}`);
  if (o.installmentCost) lines.push(`Installment (financed by Cartona): ${money(o.installmentCost)}`);
  if (o.walletTopUp) lines.push(`Wallet top-up (collect in cash, settled by Cartona): ${money(o.walletTopUp)}`);
  const cash = cashToCollect(o);
  if (cash !== null) lines.push(`Cash to collect on delivery: ${money(cash)}`);
  if (o.appliedSupplierRebate) lines.push(`Supplier rebate applied: ${money(o.appliedSupplierRebate)}`);
  if (needsRetailerOtp(o)) lines.push('Delivery needs the retailer OTP (installment / wallet top-up order)');
  lines.push(`Delivered by: ${o.deliveredBy === 'delivered_by_cartona' ? 'Cartona (pickup)' : 'supplier'}`);
  if (o.pickupDate) lines.push(`Cartona pickup date: ${o.pickupDate}`);
  if (o.pickupOtp) lines.push(`Pickup OTP (give to Cartona's courier): ${o.pickupOtp}`);
  if (o.estimatedDeliveryDay) lines.push(`Estimated delivery: ${o.estimatedDeliveryDay}`);
  if (o.retailerPreferredDeliveryDate) lines.push(`Retailer's preferred delivery date: ${o.retailerPreferredDeliveryDate}`);
  if (o.distributionRouteCode) lines.push(`Route: ${o.distributionRouteCode}`);
  if (o.retailer.addressNotes) lines.push(`Address notes: ${o.retailer.addressNotes}`);
  if (o.note) lines.push(`Retailer note: ${o.note}`);
  if (o.editedByAdmin) lines.push('Edited by Cartona staff');
  return lines.join('\n');
}
