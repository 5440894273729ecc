/** What AssetHandshake reads from Odoo, in our own terms (the Odoo port returns these). */
export interface CommerceOrderLine {
  id: number;
  productId: number;
  productName: string;
  defaultCode: string | null;
  categoryName: string | null;
  odooType: string;
  serialTracked: boolean;
  quantity: number;
  priceUnit: number;
  priceTotal: number;
  /** Section and note lines carry no product. */
  isDisplayLine: boolean;
}

export interface CommerceOrder {
  id: number;
  name: string;
  state: string;
  partnerId: number;
  partnerName: string;
  /** The original bundle order of a service-only order (field chosen by ABS_ORIGINAL_ORDER_FIELD). */
  originalOrderRef: string | null;
  clientOrderRef: string | null;
  dateOrder: string | null;
  amountTotal: number;
  currency: string;
  writeDate: string;
  isSubscription: boolean;
  subscriptionState: string | null;
  startDate: string | null;
  endDate: string | null;
  lines: CommerceOrderLine[];
}

/** A serial (stock.lot) on the order's outgoing moves: reserved, or delivered when the picking is done. */
export interface OrderSerial {
  productId: number;
  lotName: string;
  state: 'reserved' | 'done';
  pickingName: string | null;
  dateDone: string | null;
}

export interface CommerceInvoice {
  id: number;
  name: string;
  state: string;
  paymentState: string;
  amountTotal: number;
  amountResidual: number;
  invoiceDate: string | null;
  dueDate: string | null;
}

export interface OdooRecordRef {
  model: string;
  id: number;
}
