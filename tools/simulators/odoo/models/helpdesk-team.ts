import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'helpdesk.team', description: 'Helpdesk Team', module: 'helpdesk', order: 'sequence, name',
  mailThread: true,
  fields: {
    name: f.char({ required: true }),
    sequence: f.integer({ default: 10 }),
    stage_ids: f.many2many('helpdesk.stage'),
    use_website_helpdesk_form: f.boolean(),
    active: f.boolean({ default: true }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
});
