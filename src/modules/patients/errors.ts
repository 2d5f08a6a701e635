// The patients module's stable error codes. Clients (and the other modules'
// callers) branch on `code`, never on the message, so codes never change once shipped.
// The texts shown are the catalog's `error.<CODE>` (messages.ts); the spec's
// English message documents the code.
import { BilikError, defineError } from '../../kernel/index.js';

export const PatientErrors = {
  /** The id is unknown, or is not a positive integer at all (an unguessable 404 either way). */
  NOT_FOUND: defineError('PATIENT_NOT_FOUND', 404, 'No patient with this id.'),
  /** Another patient already holds this NIK; a NIK identifies one person for life. */
  NIK_TAKEN: defineError('PATIENT_NIK_TAKEN', 409, 'A patient with this NIK is already registered.'),
} as const;

export function patientNotFound(): BilikError {
  return new BilikError(PatientErrors.NOT_FOUND);
}

/**
 * 409 with a field message, so a form re-renders with the error on the NIK input
 * (the worker host re-renders `formView` whenever `fields` are present) and the
 * API client sees which field conflicts. The existing MRN helps the front desk
 * open the right record instead of registering the person twice.
 */
export function nikTaken(existingMrn: string | null): BilikError {
  if (!existingMrn) return new BilikError(PatientErrors.NIK_TAKEN, { fields: { nik: 'patients.error.nik.takenNoMrn' } });
  return new BilikError(PatientErrors.NIK_TAKEN, { fields: { nik: 'patients.error.nik.taken' }, params: { mrn: existingMrn } });
}

