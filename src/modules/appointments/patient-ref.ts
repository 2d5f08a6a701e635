// What a clerk types to name a patient on a form: the MRN printed on the card
// ("RM-000123", "rm123") or the plain record number. Patients derive the MRN
// from the id, so both resolve to an id that getPatientSummaries then confirms.

export type PatientRef = { id: number; mrn: string | null };

export function parsePatientRef(raw: unknown): PatientRef | null {
  if (typeof raw !== 'string') return null;
  const v = raw.trim().toUpperCase().replace(/\s+/g, '');
  let m = /^RM-?(\d{1,10})$/.exec(v);
  if (m) {
    const id = Number(m[1]);
    return id > 0 && id <= 2_147_483_647 ? { id, mrn: `RM-${String(id).padStart(6, '0')}` } : null;
  }
  m = /^(\d{1,10})$/.exec(v);
  if (m) {
    const id = Number(m[1]);
    return id > 0 && id <= 2_147_483_647 ? { id, mrn: null } : null;
  }
  return null;
}
