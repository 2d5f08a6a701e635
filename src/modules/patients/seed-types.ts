// The shape of one demo patient before it goes through the registration schema.
import type { Sex } from './identity.js';
import type { PatientInput } from './schemas.js';

export interface DemoPatient {
  /** 6-digit region code (province, regency/city, district). */
  region: string;
  serial: number;
  fullName: string;
  sex: Sex;
  birthDate: string;
  phone?: string;
  address?: string;
  payer: PatientInput['payer'];
  bpjsNumber?: string;
  insurerName?: string;
  policyNumber?: string;
}
