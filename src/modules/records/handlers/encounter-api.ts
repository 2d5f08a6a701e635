// The encounter's JSON API: GET one encounter (audited read) and one handler
// per write action (actions.ts). Start, finish, triage and SOAP answer with the
// encounter as it now is, so a client never needs a second request.
import { writeAudit } from '../../../kernel/index.js';
import type { Handler, HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { actions, bodyFor } from './actions.js';
import type { Action, ActionName } from './actions.js';
import { encounterView, idParam, isClinical, recordsDb } from './common.js';
import { loadEncounter } from '../repo.js';

export async function getEncounter(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = idParam(input, 'id');
  const view = await encounterView(ctx, id);
  await writeAudit(recordsDb(ctx), ctx, { action: 'read', entity: 'encounter', patientId: view.patientId, encounterId: id });
  return { data: view };
}

const RETURNS_ENCOUNTER = new Set<ActionName>(['start', 'finish', 'triage', 'soap']);

function apiHandler(name: ActionName): Handler {
  const action: Action = actions[name];
  return async (input, ctx) => {
    const id = idParam(input, 'id');
    const result = await action.run(ctx, id, bodyFor(action, input), input);
    if (RETURNS_ENCOUNTER.has(name)) return { status: action.status, data: await loadEncounter(recordsDb(ctx), id, isClinical(ctx)) };
    return { status: action.status, data: result };
  };
}

export const encounterApi = {
  getEncounter,
  postVitals: apiHandler('vitals'),
  postTriage: apiHandler('triage'),
  startEncounter: apiHandler('start'),
  postSoap: apiHandler('soap'),
  addDiagnosis: apiHandler('diagnosis'),
  deleteDiagnosis: apiHandler('deleteDiagnosis'),
  addProcedure: apiHandler('procedure'),
  deleteProcedure: apiHandler('deleteProcedure'),
  addPrescription: apiHandler('prescription'),
  deletePrescription: apiHandler('deletePrescription'),
  finishEncounter: apiHandler('finish'),
} satisfies Record<string, Handler>;
