// GET /patients/new: the empty registration form.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';

/**
 * The form template is shared with the edit form and with the 422/409
 * re-render, which the worker host fills with `{ values, errors, params,
 * formError }`. The first render uses the same keys so the template has one
 * code path. `params` without an id means "register".
 */
export function newPatientForm(_input: RequestInput, _ctx: HandlerContext): HandlerResult {
  return {
    data: {
      // Most walk-in patients pay themselves; the clerk changes it when not.
      values: { payer: 'general' },
      errors: {},
      params: {},
    },
    title: 'patients.title.new',
  };
}
