// Demo price list (BILIK_DEMO=1, empty tariffs table only): consultations for
// the demo polis, a few common procedures (ICD-9-CM) and drugs per unit using
// the records module's formulary codes (src/modules/records/codes/formulary.ts).
// Prices are illustrative rupiah amounts for a small private clinic.
import type { BillingDb } from './db.js';
import { upsertTariff } from './tariffs-repo.js';

export const DEMO_TARIFFS: ReadonlyArray<{ key: string; name: string; price: number }> = [
  { key: 'consultation:UMUM', name: 'Konsultasi Poli Umum', price: 50000 },
  { key: 'consultation:GIGI', name: 'Konsultasi Poli Gigi', price: 75000 },
  { key: 'consultation:KIA', name: 'Konsultasi Poli KIA', price: 50000 },
  { key: 'procedure:89.52', name: 'Elektrokardiogram (EKG)', price: 75000 },
  { key: 'procedure:86.59', name: 'Penjahitan luka (hecting)', price: 100000 },
  { key: 'procedure:96.59', name: 'Irigasi / perawatan luka', price: 35000 },
  { key: 'procedure:23.09', name: 'Pencabutan gigi', price: 150000 },
  { key: 'procedure:99.23', name: 'Injeksi steroid', price: 50000 },
  { key: 'drug:PCT500', name: 'Paracetamol 500 mg tablet', price: 500 },
  { key: 'drug:PCTSYR', name: 'Paracetamol sirup 120 mg/5 mL', price: 8000 },
  { key: 'drug:AMX500', name: 'Amoxicillin 500 mg kapsul', price: 1500 },
  { key: 'drug:AMXSYR', name: 'Amoxicillin sirup kering 125 mg/5 mL', price: 12000 },
  { key: 'drug:IBU400', name: 'Ibuprofen 400 mg tablet', price: 800 },
  { key: 'drug:MEF500', name: 'Asam Mefenamat 500 mg tablet', price: 700 },
  { key: 'drug:CTM4', name: 'Klorfeniramin Maleat 4 mg tablet', price: 200 },
  { key: 'drug:CET10', name: 'Cetirizine 10 mg tablet', price: 1000 },
  { key: 'drug:AMB30', name: 'Ambroksol 30 mg tablet', price: 500 },
  { key: 'drug:DEX05', name: 'Deksametason 0,5 mg tablet', price: 300 },
  { key: 'drug:ANT200', name: 'Antasida DOEN tablet kunyah', price: 300 },
  { key: 'drug:OME20', name: 'Omeprazol 20 mg kapsul', price: 1500 },
  { key: 'drug:ORS200', name: 'Oralit 200 mL sachet', price: 1000 },
  { key: 'drug:ZNC20', name: 'Zinc 20 mg tablet', price: 1000 },
  { key: 'drug:AML5', name: 'Amlodipin 5 mg tablet', price: 500 },
  { key: 'drug:CAP25', name: 'Kaptopril 25 mg tablet', price: 300 },
  { key: 'drug:MET500', name: 'Metformin 500 mg tablet', price: 400 },
  { key: 'drug:SIM20', name: 'Simvastatin 20 mg tablet', price: 800 },
  { key: 'drug:FE60', name: 'Tablet Tambah Darah', price: 300 },
  { key: 'drug:VITB', name: 'Vitamin B Kompleks tablet', price: 200 },
  { key: 'drug:ALB400', name: 'Albendazol 400 mg tablet', price: 2000 },
];

export async function seedDemoTariffs(db: BillingDb): Promise<number> {
  for (const t of DEMO_TARIFFS) await upsertTariff(db, { ...t, active: true }, null);
  return DEMO_TARIFFS.length;
}
