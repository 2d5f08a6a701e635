// Demo patients for a first look at Bilik (BILIK_DEMO, on by default). Realistic
// on purpose: twelve hand-written ones (single-word Javanese names, Balinese
// birth-order names, a title, an apostrophe, a Feb 29 birthday, all three
// payers) and, generated deterministically from regional name lists
// (seed-generate.ts), enough more for a believable clinic: infants to elderly,
// mixed payers, NIKs that pass the same rules as real input (built from birth
// date and sex, +40 for women). Demo data is not audited: it is no one's record.
import { buildNik } from './identity.js';
import { insertPatient } from './repo.js';
import type { PatientsDb } from './repo.js';
import { patientSchema } from './schemas.js';
import { generateDemoPatients } from './seed-generate.js';
import type { DemoPatient } from './seed-types.js';

const DEMO: DemoPatient[] = [
  { region: '347101', serial: 12, fullName: 'Sukarni', sex: 'F', birthDate: '1948-03-17', phone: '0274 512 334', address: 'Jl. Malioboro No. 52, Yogyakarta', payer: 'general' },
  { region: '317404', serial: 231, fullName: 'Budi Santoso', sex: 'M', birthDate: '1985-07-02', phone: '0812-3456-7890', address: 'Jl. Tebet Raya No. 8, Jakarta Selatan', payer: 'bpjs', bpjsNumber: '0001234567891' },
  { region: '327311', serial: 47, fullName: 'Siti Aminah', sex: 'F', birthDate: '1992-11-25', phone: '+62 813 2211 4455', address: 'Jl. Dago No. 101, Bandung', payer: 'bpjs', bpjsNumber: '0002345678912' },
  { region: '517102', serial: 5, fullName: 'I Made Wirawan', sex: 'M', birthDate: '1979-01-09', phone: '6281805551234', address: 'Jl. Teuku Umar No. 17, Denpasar', payer: 'insurance', insurerName: 'Asuransi Sinar Mas', policyNumber: 'SM-2023/00451' },
  { region: '517103', serial: 19, fullName: 'Ni Luh Putu Ayu Lestari', sex: 'F', birthDate: '2001-05-14', phone: '0857 3900 1122', payer: 'general' },
  { region: '357805', serial: 88, fullName: 'Muhammad Rizky Pratama', sex: 'M', birthDate: '2015-08-30', address: 'Jl. Kertajaya Indah No. 3, Surabaya', payer: 'bpjs', bpjsNumber: '0003456789123' },
  { region: '330201', serial: 3, fullName: 'Tukiyem', sex: 'F', birthDate: '1956-02-29', address: 'Desa Karanglewas RT 02/RW 05, Banyumas', payer: 'bpjs', bpjsNumber: '0004567891234' },
  { region: '127102', serial: 140, fullName: 'Yohanes Sitorus', sex: 'M', birthDate: '1968-12-01', phone: '0821 6677 8899', address: 'Jl. Gatot Subroto No. 45, Medan', payer: 'insurance', insurerName: 'Prudential Indonesia', policyNumber: 'PRU 88120045' },
  { region: '337406', serial: 61, fullName: 'Dewi Kartika Sari', sex: 'F', birthDate: '1990-04-04', phone: '081 2290 7766', address: 'Jl. Pandanaran No. 21, Semarang', payer: 'general' },
  { region: '737105', serial: 9, fullName: 'Andi Muh. Arif', sex: 'M', birthDate: '1975-10-20', phone: '0811 440 2020', address: 'Jl. Somba Opu No. 77, Makassar', payer: 'bpjs', bpjsNumber: '0005678912345' },
  { region: '317105', serial: 402, fullName: "Hj. Nur'aini", sex: 'F', birthDate: '1963-06-11', phone: '0838 1234 5678', address: 'Jl. Kramat Raya No. 9, Jakarta Pusat', payer: 'general' },
  { region: '510303', serial: 27, fullName: 'Ketut Suardana', sex: 'M', birthDate: '2020-09-15', address: 'Br. Tegal, Kuta Utara, Badung', payer: 'bpjs', bpjsNumber: '0006789123456' },
];

/**
 * Inserts the demo patients through the same schema and repository code as a
 * clerk's registration, so demo data can never hold what the app would refuse.
 * Oldest first, so the newest-first list opens with the last of them.
 */
export async function seedDemoPatients(db: PatientsDb, now: Date = new Date()): Promise<number> {
  let n = 0;
  // Hand-written serials stay below 1000; generated ones start there, so no NIK repeats.
  for (const d of [...DEMO, ...generateDemoPatients(GENERATED_COUNT, now, 1000)]) {
    const input = patientSchema.parse({
      nik: buildNik(d.region, d.birthDate, d.sex, d.serial),
      fullName: d.fullName,
      sex: d.sex,
      birthDate: d.birthDate,
      phone: d.phone,
      address: d.address,
      payer: d.payer,
      bpjsNumber: d.bpjsNumber,
      insurerName: d.insurerName,
      policyNumber: d.policyNumber,
    });
    await insertPatient(db, input, null);
    n += 1;
  }
  return n;
}

/** Hand-written + generated: a small clinic's first months of registrations. */
const GENERATED_COUNT = 188;
export const DEMO_PATIENT_COUNT = DEMO.length + GENERATED_COUNT;
