// An endless supply of distinct, valid patients for the write phase, the same
// scheme as test/support/writes.ts uniquePatient (kept in step with it): the
// NIK's date part matches birth date and sex, and province plus serial encode
// the patient's number, so NIKs never collide below ~890 000.

/** 0 → "Aaa", 1 → "Aab", …: letters only, because names may not contain digits. */
export function lettersOf(i) {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  s = s.padStart(3, 'a');
  return s[0].toUpperCase() + s.slice(1);
}

export function uniquePatient(i, surname) {
  const sex = i % 2 ? 'F' : 'M';
  const year = 1940 + (i % 80);
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  const nikDay = String(sex === 'F' ? day + 40 : day).padStart(2, '0');
  const province = 11 + (Math.floor(i / 9999) % 89);
  const serial = String(1 + (i % 9999)).padStart(4, '0');
  const nik = `${province}7101${nikDay}${mm}${String(year % 100).padStart(2, '0')}${serial}`;
  const p = { nik, fullName: `${lettersOf(i)} ${surname}`, sex, birthDate: `${year}-${mm}-${dd}`, payer: 'general' };
  switch (i % 3) {
    case 1:
      p.payer = 'bpjs';
      p.bpjsNumber = String(1_000_000_000_000 + i);
      break;
    case 2:
      p.payer = 'insurance';
      p.insurerName = 'Asuransi Sehat';
      p.policyNumber = `POL-${i}`;
      break;
  }
  if (i % 4 === 0) p.phone = `0812${String(10_000_000 + i).slice(-8)}`;
  if (i % 5 === 0) p.address = `Jl. Melati No. ${i}, Jakarta`;
  return p;
}

/**
 * A generator of patients numbered from `start`. Against a fresh data dir any
 * start works; against a running clinic (--url) a start drawn at random per
 * run keeps repeated runs from re-registering the same NIKs.
 */
export function patientMaker(start, surname = 'Beban') {
  let i = start;
  return () => uniquePatient(i++, surname);
}
