// The records module's stable error codes (documented in docs/errors.md). The
// texts shown are the catalog's `error.<CODE>`, or a more specific records.* key
// passed as the message (which transition was refused, and why).
import { BilikError, defineError } from '../../kernel/index.js';

export const RecordsErrors = {
  ENCOUNTER_NOT_FOUND: defineError('RECORDS_ENCOUNTER_NOT_FOUND', 404, 'No encounter with this id.'),
  PATIENT_NOT_FOUND: defineError('RECORDS_PATIENT_NOT_FOUND', 404, 'This patient has no encounter in the records yet.'),
  ITEM_NOT_FOUND: defineError('RECORDS_ITEM_NOT_FOUND', 404, 'No such diagnosis, procedure or prescription on this encounter.'),
  /** docs/clinic.md says ENCOUNTER_STATE; the arch test requires the module prefix. Callers also branch on the 409. */
  ENCOUNTER_STATE: defineError('RECORDS_ENCOUNTER_STATE', 409, 'The encounter is not in a state that allows this.'),
  NO_PRIMARY_DIAGNOSIS: defineError('RECORDS_NO_PRIMARY_DIAGNOSIS', 409, 'Add a primary diagnosis before finishing the encounter.'),
  PRIMARY_EXISTS: defineError('RECORDS_PRIMARY_DIAGNOSIS_EXISTS', 409, 'The encounter already has a primary diagnosis.'),
  DIAGNOSIS_DUPLICATE: defineError('RECORDS_DIAGNOSIS_DUPLICATE', 409, 'This diagnosis code is already recorded on the encounter.'),
  ALLERGY_DUPLICATE: defineError('RECORDS_ALLERGY_DUPLICATE', 409, 'This allergy is already recorded for the patient.'),
} as const;

export const encounterNotFound = () => new BilikError(RecordsErrors.ENCOUNTER_NOT_FOUND);
export const itemNotFound = () => new BilikError(RecordsErrors.ITEM_NOT_FOUND);

/** Which refusal: the key is shown in the caller's language (messages.ts). */
export type StateReason = 'notArrived' | 'notStarted' | 'closed' | 'cannotCancel';
export function stateError(reason: StateReason): BilikError {
  return new BilikError(RecordsErrors.ENCOUNTER_STATE, { message: `records.error.state.${reason}` });
}
