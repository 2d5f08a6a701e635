// The handler table: the names routes.ts refers to, mapped to their functions.
import type { Handler } from '../../../kernel/index.js';
import { codeOptions, searchCodesApi } from './codes.js';
import { encounterApi } from './encounter-api.js';
import { encounterPages } from './encounter-page.js';
import { addPatientAllergy, listPatientAllergies, patientEncounters } from './patient-records.js';
import { triageList, triagePage, waitingPanel } from './triage.js';

export const handlers = {
  ...encounterApi,
  ...encounterPages,
  triageList,
  triagePage,
  waitingPanel,
  listPatientAllergies,
  addPatientAllergy,
  patientEncounters,
  searchCodesApi,
  codeOptions,
} satisfies Record<string, Handler>;
