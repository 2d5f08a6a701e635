// The encounter's write actions, once: the JSON API and the htmx page both run
// these (validate, write, audit) and differ only in what they answer with.
import { validate } from '../../../kernel/index.js';
import type { HandlerContext, RequestInput } from '../../../kernel/index.js';
import { itemNotFound } from '../errors.js';
import { allergySchema, diagnosisSchema, prescriptionSchema, procedureSchema, soapSchema, triageSchema, vitalsSchema } from '../schemas.js';
import { findEncounter } from '../repo.js';
import { encounterNotFound } from '../errors.js';
import * as w from '../writes.js';
import { fromForm, idParam, recordsDb } from './common.js';

export interface Action {
  /** Which form on the page shows this action's errors. */
  form: string;
  /** Fields an HTML form sends as text that are numbers / checkboxes. */
  numbers?: readonly string[];
  booleans?: readonly string[];
  status: number;
  run(ctx: HandlerContext, encounterId: number, body: unknown, input: RequestInput): Promise<unknown>;
}

const VITAL_NUMBERS = ['systolic', 'diastolic', 'pulse', 'respRate', 'temperature', 'spo2', 'weightKg', 'heightCm'] as const;

export const actions = {
  vitals: {
    form: 'vitals',
    numbers: VITAL_NUMBERS,
    booleans: ['onOxygen'],
    status: 201,
    run: (ctx, id, body) => w.recordVitals(recordsDb(ctx), ctx, id, validate(vitalsSchema, body)),
  },
  triage: {
    form: 'triage',
    status: 200,
    run: async (ctx, id, body) => {
      const { chiefComplaint } = validate(triageSchema, body);
      await w.setChiefComplaint(recordsDb(ctx), ctx, id, chiefComplaint);
      return { encounterId: id, chiefComplaint };
    },
  },
  /** The page adds an allergy to the patient of the encounter shown. */
  allergy: {
    form: 'allergy',
    status: 201,
    run: async (ctx, id, body) => {
      const a = validate(allergySchema, body);
      const enc = await findEncounter(recordsDb(ctx), id);
      if (!enc) throw encounterNotFound();
      return w.addAllergy(recordsDb(ctx), ctx, Number(enc.patient_id), a);
    },
  },
  start: { form: 'status', status: 200, run: (ctx, id) => w.startEncounter(recordsDb(ctx), ctx, id) },
  finish: { form: 'status', status: 200, run: (ctx, id) => w.finishEncounter(recordsDb(ctx), ctx, id) },
  soap: {
    form: 'soap',
    status: 200,
    run: async (ctx, id, body) => {
      await w.saveSoap(recordsDb(ctx), ctx, id, validate(soapSchema, body));
      return { encounterId: id };
    },
  },
  diagnosis: {
    form: 'diagnosis',
    booleans: ['primary'],
    status: 201,
    run: (ctx, id, body) => {
      const d = validate(diagnosisSchema, body);
      return w.addDiagnosis(recordsDb(ctx), ctx, id, d.code, d.primary);
    },
  },
  procedure: { form: 'procedure', status: 201, run: (ctx, id, body) => w.addProcedure(recordsDb(ctx), ctx, id, validate(procedureSchema, body).code) },
  prescription: {
    form: 'prescription',
    numbers: ['durationDays', 'quantity'],
    status: 201,
    run: (ctx, id, body) => w.addPrescription(recordsDb(ctx), ctx, id, validate(prescriptionSchema, body)),
  },
  deleteDiagnosis: { form: 'diagnosis', status: 200, run: (ctx, id, _b, input) => remove(ctx, id, 'diagnoses', input, 'dxId') },
  deleteProcedure: { form: 'procedure', status: 200, run: (ctx, id, _b, input) => remove(ctx, id, 'procedures', input, 'pxId') },
  deletePrescription: { form: 'prescription', status: 200, run: (ctx, id, _b, input) => remove(ctx, id, 'prescriptions', input, 'rxId') },
} satisfies Record<string, Action>;

export type ActionName = keyof typeof actions;

async function remove(ctx: HandlerContext, id: number, table: w.ItemTable, input: RequestInput, param: string): Promise<{ deleted: number }> {
  const itemId = idParam(input, param, itemNotFound);
  await w.removeItem(recordsDb(ctx), ctx, id, table, itemId);
  return { deleted: itemId };
}

/** The body as the action's schema expects it: typed JSON as is, form strings converted. */
export function bodyFor(action: Action, input: RequestInput): unknown {
  return input.form ? fromForm(input.body, action.numbers, action.booleans) : input.body;
}
