// An endless supply of distinct, valid patients for the write phase: the
// benchmark's own generator (bench/lib/seed.mjs newPatient), whose NIK date
// part matches birth date and sex and whose region and serial encode the
// patient's number, so NIKs never collide below ~890 000.
import { newPatient } from '../lib/seed.mjs';

/**
 * A generator of patients numbered from `start`. Against a fresh data dir any
 * start works; against a running clinic (--url) a start drawn at random per
 * run keeps repeated runs from re-registering the same NIKs.
 */
export function patientMaker(start) {
  let i = start;
  return () => newPatient(i++);
}
