import PDFDocument from 'pdfkit';

export interface StatementLine {
  date: string;
  kind: string;
  reference: string;
  dueDate: string | null;
  debit: number;
  credit: number;
}

export interface StatementInput {
  customer: string;
  customerId: number;
  from: string;
  to: string;
  generatedOn: string;
  timezone: string;
  currency: string | null;
  /** null when it could not be computed (served from the local copy while Odoo is down). */
  openingBalance: number | null;
  lines: StatementLine[];
  stale: { asOf: Date } | null;
}

const COLS = [
  { key: 'date', label: 'Date', width: 70, align: 'left' },
  { key: 'kind', label: 'Type', width: 70, align: 'left' },
  { key: 'reference', label: 'Reference', width: 125, align: 'left' },
  { key: 'due', label: 'Due', width: 65, align: 'left' },
  { key: 'debit', label: 'Charges', width: 60, align: 'right' },
  { key: 'credit', label: 'Payments', width: 60, align: 'right' },
  { key: 'balance', label: 'Balance', width: 65, align: 'right' },
] as const;

const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Lays out the statement with pdfkit (A4, standard fonts, a header row repeated on each page). */
export function renderStatementPdf(s: StatementInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: 40, bufferPages: true,
    info: { Title: `Statement ${s.from} to ${s.to}`, Author: 'Customer portal', Subject: `Account statement for ${s.customer}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text('Statement of account');
  doc.moveDown(0.4).font('Helvetica').fontSize(10)
    .text(`Customer: ${s.customer} (#${s.customerId})`)
    .text(`Period: ${s.from} to ${s.to}`)
    .text(`Generated: ${s.generatedOn} (${s.timezone})${s.currency ? `   Amounts in ${s.currency}` : ''}`);
  if (s.stale) {
    doc.moveDown(0.3).fillColor('#a15c00')
      .text(`Billing system unavailable: built from data saved on ${s.stale.asOf.toISOString().slice(0, 16).replace('T', ' ')} UTC; recent activity may be missing.`)
      .fillColor('black');
  }
  doc.moveDown(0.8);

  const left = doc.page.margins.left;
  const header = () => {
    doc.font('Helvetica-Bold').fontSize(9);
    row(COLS.map((c) => c.label));
    doc.moveTo(left, doc.y).lineTo(left + COLS.reduce((w, c) => w + c.width, 0), doc.y).stroke();
    doc.moveDown(0.2).font('Helvetica').fontSize(9);
  };
  const row = (cells: string[]) => {
    const y = doc.y;
    let x = left;
    COLS.forEach((c, i) => {
      doc.text(cells[i] ?? '', x, y, { width: c.width - 4, align: c.align, lineBreak: false, ellipsis: true });
      x += c.width;
    });
    doc.x = left;
    doc.y = y + 14;
  };

  header();
  let balance = s.openingBalance ?? 0;
  row([s.from, 'Opening', '', '', '', '', s.openingBalance === null ? 'n/a' : money(balance)]);
  let charges = 0;
  let paid = 0;
  for (const l of s.lines) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) {
      doc.addPage();
      header();
    }
    balance += l.debit - l.credit;
    charges += l.debit;
    paid += l.credit;
    row([l.date, l.kind, l.reference, l.dueDate ?? '', l.debit ? money(l.debit) : '', l.credit ? money(l.credit) : '', money(balance)]);
  }
  if (!s.lines.length) row(['', 'No activity in this period', '', '', '', '', '']);

  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(10);
  doc.text(`Charges in period: ${money(charges)}    Payments and credits: ${money(paid)}`, left);
  doc.text(`Closing balance: ${s.openingBalance === null ? `${money(balance)} (excluding the opening balance)` : money(balance)}`, left);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit open a new page; lift the margin for the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).text(`Page ${i + 1} of ${range.count}`, left, doc.page.height - 30, { lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
