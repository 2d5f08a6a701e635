// The patients route table, one line per route. Pages, htmx fragments and the
// JSON API share handler code (the *Page handlers only add what a page shows,
// such as ages); `kind` decides whether the result becomes a full page, a
// partial or JSON. Titles are catalog keys. Static paths (/patients/new,
// /_search, /_panel/...) are listed before /patients/:id so they never read as an id.
import { route } from '../../kernel/index.js';
import type { RouteDef } from '../../kernel/index.js';
import { patientJsonSchema, patientPatchSchema, patientSchema, searchQuerySchema, searchResultSchema } from './schemas.js';

const READ = 'patients:read';
const WRITE = 'patients:write';

export const routes: readonly RouteDef[] = [
  // Search and list.
  route('GET', '/patients', READ, 'searchPatientsPage', 'page', { view: 'patients/list', title: 'patients.title.list', query: searchQuerySchema }),
  route('GET', '/patients/_search', READ, 'searchPatientsPage', 'fragment', { view: 'patients/results', query: searchQuerySchema }),
  route('GET', '/api/v1/patients', READ, 'searchPatients', 'api', { summary: 'Search patients by NIK, MRN or name prefix; newest first when q is empty', query: searchQuerySchema, response: searchResultSchema, statuses: [422] }),

  // Dashboard panel.
  route('GET', '/patients/_panel/recent', READ, 'recentPanel', 'fragment', { view: 'patients/panel-recent' }),

  // Register.
  route('GET', '/patients/new', WRITE, 'newPatientForm', 'page', { view: 'patients/form', title: 'patients.title.new' }),
  route('POST', '/patients', WRITE, 'createPatient', 'page', { formView: 'patients/form', title: 'patients.title.new' }),
  route('POST', '/api/v1/patients', WRITE, 'createPatient', 'api', { summary: 'Register a patient; the MRN is assigned by the system', body: patientSchema, response: patientJsonSchema, statuses: [201, 409, 422] }),

  // Read.
  route('GET', '/patients/:id', READ, 'getPatientPage', 'page', { view: 'patients/detail', title: 'patients.title.show' }),
  route('GET', '/api/v1/patients/:id', READ, 'getPatient', 'api', { summary: 'One patient, with who registered them', response: patientJsonSchema, statuses: [404] }),

  // Edit.
  route('GET', '/patients/:id/edit', WRITE, 'editPatientForm', 'page', { view: 'patients/form', title: 'patients.title.edit' }),
  route('POST', '/patients/:id', WRITE, 'updatePatient', 'page', { formView: 'patients/form', title: 'patients.title.edit' }),
  route('PATCH', '/api/v1/patients/:id', WRITE, 'updatePatient', 'api', { summary: 'Change some fields of a patient', body: patientPatchSchema, response: patientJsonSchema, statuses: [404, 409, 422] }),
];
