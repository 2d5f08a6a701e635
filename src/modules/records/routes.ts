// The records route table, one line per route. Pages, fragments and the JSON
// API share handler code (actions.ts); HTML forms post to /records/... page
// routes (htmx swaps the re-rendered workspace), clients use /api/v1/records/....
// Static segments (/_triage, /_codes) never read as ids (the kernel orders them first).
import { z } from 'zod';
import { route } from '../../kernel/index.js';
import type { RouteDef } from '../../kernel/index.js';
import {
  allergySchema,
  codesQuerySchema,
  diagnosisSchema,
  encounterJsonSchema,
  historyQuerySchema,
  prescriptionSchema,
  procedureSchema,
  soapSchema,
  triageQuerySchema,
  triageSchema,
  vitalsJsonSchema,
  vitalsSchema,
} from './schemas.js';

const TRIAGE = 'records:triage';
const CLINICAL = 'records:clinical';
const API = '/api/v1/records';
const ENC = `${API}/encounters/:id`;
const PAGE = '/records/encounters/:id';
const W = { view: 'records/workspace' };

export const routes: readonly RouteDef[] = [
  // Triage (nurse home).
  route('GET', '/records/triage', TRIAGE, 'triagePage', 'page', { view: 'records/triage', title: 'records.title.triage', query: triageQuerySchema }),
  route('GET', '/records/_triage', TRIAGE, 'triagePage', 'fragment', { view: 'records/triage-list', query: triageQuerySchema }),
  route('GET', '/records/_panel/waiting', TRIAGE, 'waitingPanel', 'fragment', { view: 'records/panel-waiting' }),
  route('GET', `${API}/triage`, TRIAGE, 'triageList', 'api', { summary: "One clinic-local day's encounters (default today), waiting-for-vitals first, with the latest NEWS2", query: triageQuerySchema, statuses: [422] }),

  // Code look-up.
  route('GET', '/records/_codes', CLINICAL, 'codeOptions', 'fragment', { view: 'records/code-options' }),
  route('GET', `${API}/codes`, CLINICAL, 'searchCodesApi', 'api', { summary: 'Look up ICD-10, ICD-9-CM or formulary codes by code prefix or words (Indonesian or English)', query: codesQuerySchema, statuses: [422] }),

  // The encounter page and its forms.
  route('GET', PAGE, TRIAGE, 'getEncounterPage', 'page', { view: 'records/encounter', title: 'records.title.encounter' }),
  route('GET', `/records/_encounters/:id`, TRIAGE, 'encounterFragment', 'fragment', W),
  route('POST', `${PAGE}/vitals`, TRIAGE, 'vitalsForm', 'page', W),
  route('POST', `${PAGE}/triage`, TRIAGE, 'triageForm', 'page', W),
  route('POST', `${PAGE}/allergies`, TRIAGE, 'allergyForm', 'page', W),
  route('POST', `${PAGE}/start`, CLINICAL, 'startForm', 'page', W),
  route('POST', `${PAGE}/soap`, CLINICAL, 'soapForm', 'page', W),
  route('POST', `${PAGE}/diagnoses`, CLINICAL, 'diagnosisForm', 'page', W),
  route('POST', `${PAGE}/diagnoses/:dxId/delete`, CLINICAL, 'deleteDiagnosisForm', 'page', W),
  route('POST', `${PAGE}/procedures`, CLINICAL, 'procedureForm', 'page', W),
  route('POST', `${PAGE}/procedures/:pxId/delete`, CLINICAL, 'deleteProcedureForm', 'page', W),
  route('POST', `${PAGE}/prescriptions`, CLINICAL, 'prescriptionForm', 'page', W),
  route('POST', `${PAGE}/prescriptions/:rxId/delete`, CLINICAL, 'deletePrescriptionForm', 'page', W),
  route('POST', `${PAGE}/finish`, CLINICAL, 'finishForm', 'page', W),

  // Encounter JSON API.
  route('GET', ENC, TRIAGE, 'getEncounter', 'api', { summary: 'One encounter: header, status history, vitals with NEWS2, allergies; SOAP, diagnoses, procedures and prescriptions only with records:clinical', response: encounterJsonSchema, statuses: [404] }),
  route('POST', `${ENC}/vitals`, TRIAGE, 'postVitals', 'api', { summary: 'Record vital signs; NEWS2 is computed', body: vitalsSchema, response: vitalsJsonSchema, statuses: [201, 404, 409, 422] }),
  route('POST', `${ENC}/triage`, TRIAGE, 'postTriage', 'api', { summary: 'Set the chief complaint', body: triageSchema, response: encounterJsonSchema, statuses: [404, 409, 422] }),
  route('POST', `${ENC}/start`, CLINICAL, 'startEncounter', 'api', { summary: 'Start the consultation (arrived → in-progress)', response: encounterJsonSchema, statuses: [404, 409] }),
  route('POST', `${ENC}/soap`, CLINICAL, 'postSoap', 'api', { summary: 'Write the SOAP note (in-progress only)', body: soapSchema, response: encounterJsonSchema, statuses: [404, 409, 422] }),
  route('POST', `${ENC}/diagnoses`, CLINICAL, 'addDiagnosis', 'api', { summary: 'Add an ICD-10 diagnosis; at most one primary', body: diagnosisSchema, statuses: [201, 404, 409, 422] }),
  route('DELETE', `${ENC}/diagnoses/:dxId`, CLINICAL, 'deleteDiagnosis', 'api', { summary: 'Remove a diagnosis (in-progress only)', statuses: [404, 409] }),
  route('POST', `${ENC}/procedures`, CLINICAL, 'addProcedure', 'api', { summary: 'Add an ICD-9-CM procedure', body: procedureSchema, statuses: [201, 404, 409, 422] }),
  route('DELETE', `${ENC}/procedures/:pxId`, CLINICAL, 'deleteProcedure', 'api', { summary: 'Remove a procedure (in-progress only)', statuses: [404, 409] }),
  route('POST', `${ENC}/prescriptions`, CLINICAL, 'addPrescription', 'api', { summary: 'Prescribe a formulary drug', body: prescriptionSchema, statuses: [201, 404, 409, 422] }),
  route('DELETE', `${ENC}/prescriptions/:rxId`, CLINICAL, 'deletePrescription', 'api', { summary: 'Remove a prescription (in-progress only)', statuses: [404, 409] }),
  route('POST', `${ENC}/finish`, CLINICAL, 'finishEncounter', 'api', { summary: 'Finish the consultation (needs a primary diagnosis)', response: encounterJsonSchema, statuses: [404, 409] }),

  // Per patient.
  route('GET', `${API}/patients/:patientId/allergies`, TRIAGE, 'listPatientAllergies', 'api', { summary: "A patient's recorded allergies", response: z.object({ patientId: z.number(), items: z.array(z.unknown()) }), statuses: [404] }),
  route('POST', `${API}/patients/:patientId/allergies`, TRIAGE, 'addPatientAllergy', 'api', { summary: 'Record an allergy for a patient', body: allergySchema, statuses: [201, 404, 409, 422] }),
  route('GET', `${API}/patients/:patientId/encounters`, CLINICAL, 'patientEncounters', 'api', { summary: "A patient's visit history, newest first, with the primary diagnosis", query: historyQuerySchema, statuses: [404, 422] }),
];
