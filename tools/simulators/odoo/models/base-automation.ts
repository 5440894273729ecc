import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

/**
 * Automation rules with the "Send Webhook Notification" action. Simplified: the model and the
 * fields are given by name (`model_name`, `webhook_field_names`) instead of ir.model /
 * ir.model.fields records.
 */
export default defineModel({
  name: 'base.automation', description: 'Automation Rule', module: 'base_automation', order: 'id',
  fields: {
    name: f.char({ required: true }),
    model_name: f.char({ required: true }),
    trigger: f.selection([
      ['on_create_or_write', 'On save'], ['on_create', 'On creation'], ['on_write', 'On update'], ['on_unlink', 'On deletion'],
    ], { required: true, default: 'on_create_or_write' }),
    trigger_field_names: f.json({ default: false }),
    filter_domain: f.json({ default: false }),
    webhook_url: f.char({ required: true }),
    webhook_field_names: f.json({ default: [] }),
    active: f.boolean({ default: true }),
  },
});
