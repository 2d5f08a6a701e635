// The appointments module's stable error codes (documented in docs/errors.md).
// Clients branch on `code`; the text shown is the catalog's `error.<CODE>`.
import { BilikError, defineError } from '../../kernel/index.js';

export const AppointmentErrors = {
  POLI_NOT_FOUND: defineError('APPOINTMENT_POLI_NOT_FOUND', 404, 'No poli with this id.'),
  POLI_CODE_TAKEN: defineError('APPOINTMENT_POLI_CODE_TAKEN', 409, 'Another poli already uses this code.'),
  POLI_PREFIX_TAKEN: defineError('APPOINTMENT_POLI_PREFIX_TAKEN', 409, 'Another poli already uses this queue prefix.'),
  SCHEDULE_NOT_FOUND: defineError('APPOINTMENT_SCHEDULE_NOT_FOUND', 404, 'No schedule with this id.'),
  SCHEDULE_OVERLAP: defineError('APPOINTMENT_SCHEDULE_OVERLAP', 409, 'The doctor already has a schedule overlapping these hours on this weekday.'),
  BOOKING_NOT_FOUND: defineError('APPOINTMENT_BOOKING_NOT_FOUND', 404, 'No booking with this id.'),
  BOOKING_CONFLICT: defineError('APPOINTMENT_BOOKING_CONFLICT', 409, "The doctor's slot is taken, or the patient already has a booking that day at this poli."),
  BOOKING_STATE: defineError('APPOINTMENT_BOOKING_STATE', 409, 'The booking cannot change this way (already checked in or cancelled, or not booked for today).'),
  QUEUE_ENTRY_NOT_FOUND: defineError('APPOINTMENT_QUEUE_ENTRY_NOT_FOUND', 404, 'No queue entry with this id.'),
  ALREADY_QUEUED: defineError('APPOINTMENT_ALREADY_QUEUED', 409, 'The patient is already in today’s queue at this poli.'),
  QUEUE_STATE: defineError('APPOINTMENT_QUEUE_STATE', 409, 'The queue entry cannot change this way from its current status.'),
  QUEUE_BUSY: defineError('APPOINTMENT_QUEUE_BUSY', 503, 'Too many patients were added at once; try again.'),
  PATIENTS_UNAVAILABLE: defineError('APPOINTMENT_PATIENTS_UNAVAILABLE', 503, 'The patients module is not answering, so the patient cannot be checked; nothing was saved.'),
  RECORDS_UNAVAILABLE: defineError('APPOINTMENT_RECORDS_UNAVAILABLE', 503, 'The medical records module is not answering; nothing was saved.'),
} as const;

type Spec = (typeof AppointmentErrors)[keyof typeof AppointmentErrors];

export function fail(spec: Spec, fields?: Record<string, string>): BilikError {
  return new BilikError(spec, { ...(fields && { fields }), ...(spec.status === 503 && { retryAfterSec: 5 }) });
}
