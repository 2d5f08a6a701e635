// Small helpers every handler needs: the typed database handle, the route id,
// and the form's view of a patient. Kept apart so each handler file reads as
// "validate, do one thing, return a result".
import { localDay } from '../../../kernel/index.js';
import type { HandlerContext, RequestInput } from '../../../kernel/index.js';
import { patientNotFound } from '../errors.js';
import { ageOn } from '../identity.js';
import { parsePatientId } from '../schemas.js';
import type { PatientJson } from '../schemas.js';
import type { PatientsDb } from '../repo.js';

/** The module's own database, typed with its own tables (the kernel hands out Kysely<any>). */
export function patientsDb(ctx: HandlerContext): PatientsDb {
  return ctx.db as PatientsDb;
}

/** The `:id` route param as a number; a malformed id is indistinguishable from an unknown one (404). */
export function patientIdFrom(input: RequestInput): number {
  const id = parsePatientId(input.params['id']);
  if (id === null) throw patientNotFound();
  return id;
}

/**
 * A patient as the register/edit form shows it: strings only, '' for empty,
 * the same shape the browser posts back, so a re-render after a 422 and a
 * first render of the edit form go through the same template code.
 */
export function formValuesOf(p: PatientJson): Record<string, string> {
  return {
    nik: p.nik,
    fullName: p.fullName,
    sex: p.sex,
    birthDate: p.birthDate,
    phone: p.phone ?? '',
    address: p.address ?? '',
    payer: p.payer,
    bpjsNumber: p.bpjsNumber ?? '',
    insurerName: p.insurerName ?? '',
    policyNumber: p.policyNumber ?? '',
  };
}

/**
 * A patient's age in whole years on the clinic's local calendar day (not UTC's:
 * a birthday starts at midnight in the clinic). For pages only; the API gives
 * the birth date and leaves arithmetic to the client.
 */
export function ageToday(birthDate: string, ctx: HandlerContext, now: Date = new Date()): number {
  return ageOn(birthDate, localDay(now, ctx.timeZone));
}

/** Drops keys whose value is undefined, so spreading a patch never erases a stored field. */
export function definedOnly<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
