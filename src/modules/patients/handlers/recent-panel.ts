// GET /patients/_panel/recent: the dashboard panel of the latest registrations.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { recentPatients, toPatientJson } from '../repo.js';
import { patientsDb } from './common.js';

/** Five rows: enough for the front desk to spot a just-registered patient, cheap (primary-key order). */
export const RECENT_PANEL_SIZE = 5;

/**
 * A fragment the staff shell loads with hx-get. If this module is down, the
 * kernel renders the "temporarily unavailable" box in its place, so this
 * handler only has to be fast and bounded.
 */
export async function recentPanel(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const rows = await recentPatients(patientsDb(ctx), RECENT_PANEL_SIZE);
  return { data: { items: rows.map(toPatientJson) } };
}
