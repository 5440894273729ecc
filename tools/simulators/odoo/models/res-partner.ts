import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';
import type { Env } from '../engine/env';

function commercial(env: Env, row: Row): Row {
  let cur = row;
  const m = env.sudo().m('res.partner');
  for (let i = 0; i < 10 && !cur.is_company && typeof cur.parent_id === 'number' && m.exists(cur.parent_id); i++) cur = m.browse(cur.parent_id);
  return cur;
}

export default defineModel({
  name: 'res.partner', description: 'Contact', module: 'base', order: 'complete_name ASC, id DESC', parentName: 'parent_id',
  mailThread: true,
  // "Company, Contact" for a contact of a company, like Odoo's display_name.
  displayName: (row, env) => {
    const name = String(row.name || '');
    if (!row.is_company && typeof row.parent_id === 'number' && env.sudo().m('res.partner').exists(row.parent_id)) {
      const parent = env.sudo().m('res.partner').browse(row.parent_id);
      return `${String(parent.name || '')}, ${name}`;
    }
    return name;
  },
  fields: {
    name: f.char({ required: true }),
    complete_name: f.char({ compute: (row, env) => env.m('res.partner').displayName(row) }),
    ref: f.char({ string: 'Reference' }),
    email: f.char(),
    phone: f.char(),
    mobile: f.char({ until: 18 }),
    vat: f.char({ string: 'Tax ID' }),
    website: f.char(),
    function: f.char({ string: 'Job Position' }),
    comment: f.html({ string: 'Notes' }),
    is_company: f.boolean(),
    company_type: f.selection([['person', 'Individual'], ['company', 'Company']], {
      compute: (row) => (row.is_company ? 'company' : 'person'),
      inverseWrite: (_env, row, value) => { row.is_company = value === 'company'; },
    }),
    type: f.selection([['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address']], { default: 'contact' }),
    parent_id: f.many2one('res.partner', { string: 'Related Company' }),
    child_ids: f.one2many('res.partner', 'parent_id', { string: 'Contact' }),
    commercial_partner_id: f.many2one('res.partner', { compute: (row, env) => commercial(env, row).id }),
    street: f.char(),
    street2: f.char(),
    zip: f.char(),
    city: f.char(),
    state_id: f.many2one('res.country.state'),
    country_id: f.many2one('res.country'),
    country_code: f.char({ compute: (row, env) => (typeof row.country_id === 'number' ? env.sudo().m('res.country').browse(row.country_id).code : false) }),
    lang: f.char({ default: 'en_US' }),
    tz: f.char({ default: 'Africa/Cairo' }),
    category_id: f.many2many('res.partner.category', { string: 'Tags' }),
    company_id: f.many2one('res.company'),
    user_ids: f.one2many('res.users', 'partner_id'),
    active: f.boolean({ default: true }),
    customer_rank: f.integer(),
    supplier_rank: f.integer(),
    cartona_id: f.char({ module: 'cartona_integration', string: 'Cartona ID' }),
    is_cartona_customer: f.boolean({ module: 'cartona_integration' }),
  },
});
