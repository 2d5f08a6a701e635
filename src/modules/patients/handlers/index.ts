// The handler table: the names routes.ts refers to, mapped to their functions.
// A route naming a handler missing here fails at start, not on first request.
import type { Handler } from '../../../kernel/index.js';
import { createPatient } from './create-patient.js';
import { editPatientForm } from './edit-patient-form.js';
import { getPatient, getPatientPage } from './get-patient.js';
import { newPatientForm } from './new-patient-form.js';
import { recentPanel } from './recent-panel.js';
import { searchPatients, searchPatientsPage } from './search-patients.js';
import { updatePatient } from './update-patient.js';

export const handlers = {
  searchPatients,
  searchPatientsPage,
  createPatient,
  getPatient,
  getPatientPage,
  updatePatient,
  newPatientForm,
  editPatientForm,
  recentPanel,
} satisfies Record<string, Handler>;

export type HandlerName = keyof typeof handlers;
