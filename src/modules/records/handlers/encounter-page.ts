// The encounter page (/records/encounters/:id) and its forms. Every form posts
// to a page route; under htmx the answer is the re-rendered workspace (the
// whole encounter card: banners, lists, forms), so lists and the NEWS2 banner
// are never stale. A 422 or 409 re-renders the same workspace with the errors
// on the form that caused them, values kept; without JavaScript a success is a
// 303 back to the page and an error the full page with the errors.
import { BilikError, writeAudit } from '../../../kernel/index.js';
import type { Handler, HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { actions, bodyFor } from './actions.js';
import type { Action, ActionName } from './actions.js';
import { ageOn, encounterView, idParam, recordsDb, today } from './common.js';
import type { EncounterView } from './common.js';
import { findCode, titleIn } from '../codes/lookup.js';

export interface FormState {
  name: string;
  values: Record<string, unknown>;
  errors: Record<string, string>;
  message: string;
  status: number;
}

/** What views/records/workspace.eta needs besides the encounter itself. */
async function pageData(ctx: HandlerContext, id: number, form?: FormState, notice?: string) {
  const enc: EncounterView = await encounterView(ctx, id);
  const age = enc.patient ? ageOn(enc.patient.birthDate, today(ctx)) : null;
  // Titles in the reader's language (the stored display is the English title).
  const diagnoses = (enc.diagnoses ?? []).map((d) => ({ ...d, title: titleOf('icd10', d.code, d.display, ctx) }));
  const procedures = (enc.procedures ?? []).map((p) => ({ ...p, title: titleOf('icd9cm', p.code, p.display, ctx) }));
  return { enc, age, diagnoses, procedures, form: form ?? null, notice: notice ?? null, codeAttrs: CODE_ATTRS };
}

/**
 * Attributes of a code input: typing asks /records/_codes for matching
 * <option>s and swaps them into the input's <datalist> (the browser's own,
 * keyboard-accessible suggestion list); hx-sync drops stale look-ups.
 */
function codeInput(system: string, list: string): Record<string, string> {
  return {
    list,
    autocomplete: 'off',
    'hx-get': `/records/_codes?system=${system}`,
    'hx-trigger': 'input changed delay:250ms, focus once',
    'hx-target': `#${list}`,
    'hx-swap': 'innerHTML',
    'hx-sync': 'this:replace',
  };
}
const CODE_ATTRS = { icd10: codeInput('icd10', 'dx-codes'), icd9cm: codeInput('icd9cm', 'px-codes'), drug: codeInput('drug', 'rx-codes') };

function titleOf(system: 'icd10' | 'icd9cm', code: string, stored: string, ctx: HandlerContext): string {
  const e = findCode(system, code);
  return e ? titleIn(e, ctx.locale) : stored;
}

export async function getEncounterPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = idParam(input, 'id');
  const data = await pageData(ctx, id);
  await writeAudit(recordsDb(ctx), ctx, { action: 'read', entity: 'encounter', patientId: data.enc.patientId, encounterId: id });
  const who = data.enc.patient ? data.enc.patient.fullName : ctx.t('records.patient.fallback', { id: data.enc.patientId });
  return { data, title: ctx.t('records.title.encounterOf', { name: who, number: data.enc.queueNumber }) };
}

/** The workspace fragment alone (the page's refresh target). */
export async function encounterFragment(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await pageData(ctx, idParam(input, 'id')) };
}

const NOTICE: Partial<Record<ActionName, string>> = {
  vitals: 'records.notice.vitals',
  triage: 'records.notice.triage',
  allergy: 'records.notice.allergy',
  start: 'records.notice.started',
  finish: 'records.notice.finished',
  soap: 'records.notice.soap',
  diagnosis: 'records.notice.added',
  procedure: 'records.notice.added',
  prescription: 'records.notice.added',
  deleteDiagnosis: 'records.notice.removed',
  deleteProcedure: 'records.notice.removed',
  deletePrescription: 'records.notice.removed',
};

function pageHandler(name: ActionName): Handler {
  const action: Action = actions[name];
  return async (input, ctx) => {
    const id = idParam(input, 'id');
    try {
      await action.run(ctx, id, bodyFor(action, input), input);
    } catch (err) {
      // An unknown encounter is a 404 page; a refused input or transition is shown on its form.
      if (!(err instanceof BilikError) || (err.status !== 422 && err.status !== 409 && !(err.status === 404 && err.code !== 'RECORDS_ENCOUNTER_NOT_FOUND'))) throw err;
      const form: FormState = {
        name: action.form,
        values: (input.body && typeof input.body === 'object' ? input.body : {}) as Record<string, unknown>,
        errors: Object.fromEntries(Object.entries(err.fields ?? {}).map(([k, v]) => [k, ctx.t(v, err.params)])),
        message: ctx.t(err.message, err.params),
        status: err.status,
      };
      const data = await pageData(ctx, id, form);
      return { status: err.status, data, view: input.htmx ? 'records/workspace' : 'records/encounter' };
    }
    if (!input.htmx) return { redirect: `/records/encounters/${id}` };
    return { data: await pageData(ctx, id, undefined, ctx.t(NOTICE[name] ?? 'records.notice.saved')), view: 'records/workspace' };
  };
}

export const encounterPages = {
  getEncounterPage,
  encounterFragment,
  vitalsForm: pageHandler('vitals'),
  triageForm: pageHandler('triage'),
  allergyForm: pageHandler('allergy'),
  startForm: pageHandler('start'),
  soapForm: pageHandler('soap'),
  diagnosisForm: pageHandler('diagnosis'),
  deleteDiagnosisForm: pageHandler('deleteDiagnosis'),
  procedureForm: pageHandler('procedure'),
  deleteProcedureForm: pageHandler('deleteProcedure'),
  prescriptionForm: pageHandler('prescription'),
  deletePrescriptionForm: pageHandler('deletePrescription'),
  finishForm: pageHandler('finish'),
} satisfies Record<string, Handler>;
