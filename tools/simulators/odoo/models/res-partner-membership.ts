import { extendModel } from '../engine/registry';
import { f } from '../engine/types';

/** membership (17/18): partner-level membership fields. */
export default extendModel({
  model: 'res.partner', module: 'membership',
  fields: {
    member_lines: f.one2many('membership.membership_line', 'partner', { until: 18 }),
    free_member: f.boolean({ until: 18 }),
    membership_state: f.selection([
      ['none', 'Non Member'], ['canceled', 'Cancelled Member'], ['old', 'Old Member'], ['waiting', 'Waiting Member'],
      ['invoiced', 'Invoiced Member'], ['free', 'Free Member'], ['paid', 'Paid Member'],
    ], {
      until: 18,
      compute: (row, env) => {
        if (!env.has('membership.membership_line')) return 'none';
        const m = env.sudo().m('membership.membership_line');
        const lines = m.searchRows([['partner', '=', row.id]], { order: 'date_to desc' });
        const today = env.today();
        const current = lines.filter((l) => (!l.date_from || String(l.date_from) <= today) && (!l.date_to || String(l.date_to) >= today));
        const states = current.map((l) => String(m.value(l, 'state')));
        for (const s of ['paid', 'free', 'invoiced', 'waiting']) if (states.includes(s)) return s;
        if (row.free_member) return 'free';
        return lines.length ? 'old' : 'none';
      },
    }),
  },
});
