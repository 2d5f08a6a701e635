// Common primary-care drugs from the public Indonesian national formulary
// (Formularium Nasional), curated by the project; codes are the project's own
// short keys (billing tariffs use `drug:<code>`). See README.md.

export interface Drug {
  code: string;
  name: string;
  strength: string;
  /** Dosage form, Indonesian as printed on the label. */
  form: string;
  /** The dispensing unit a quantity counts. */
  unit: string;
}

const d = (code: string, name: string, strength: string, form: string, unit: string): Drug => ({ code, name, strength, form, unit });

export const FORMULARY: readonly Drug[] = [
  d('PCT500', 'Paracetamol', '500 mg', 'tablet', 'tablet'),
  d('PCTSYR', 'Paracetamol', '120 mg/5 mL', 'sirup', 'botol'),
  d('AMX500', 'Amoxicillin', '500 mg', 'kapsul', 'kapsul'),
  d('AMXSYR', 'Amoxicillin', '125 mg/5 mL', 'sirup kering', 'botol'),
  d('IBU400', 'Ibuprofen', '400 mg', 'tablet', 'tablet'),
  d('MEF500', 'Asam Mefenamat', '500 mg', 'tablet', 'tablet'),
  d('CTM4', 'Klorfeniramin Maleat', '4 mg', 'tablet', 'tablet'),
  d('CET10', 'Cetirizine', '10 mg', 'tablet', 'tablet'),
  d('LOR10', 'Loratadine', '10 mg', 'tablet', 'tablet'),
  d('AMB30', 'Ambroksol', '30 mg', 'tablet', 'tablet'),
  d('GG100', 'Gliseril Guaiakolat', '100 mg', 'tablet', 'tablet'),
  d('DEX05', 'Deksametason', '0,5 mg', 'tablet', 'tablet'),
  d('PRED5', 'Prednison', '5 mg', 'tablet', 'tablet'),
  d('SAL2', 'Salbutamol', '2 mg', 'tablet', 'tablet'),
  d('SALNEB', 'Salbutamol', '2,5 mg/2,5 mL', 'cairan inhalasi', 'ampul'),
  d('CIP500', 'Ciprofloxacin', '500 mg', 'tablet', 'tablet'),
  d('COT480', 'Kotrimoksazol', '400 mg/80 mg', 'tablet', 'tablet'),
  d('MTZ500', 'Metronidazol', '500 mg', 'tablet', 'tablet'),
  d('CFX100', 'Sefiksim', '100 mg', 'kapsul', 'kapsul'),
  d('AZI500', 'Azitromisin', '500 mg', 'tablet', 'tablet'),
  d('DOX100', 'Doksisiklin', '100 mg', 'kapsul', 'kapsul'),
  d('ANT200', 'Antasida DOEN', '200 mg/200 mg', 'tablet kunyah', 'tablet'),
  d('OME20', 'Omeprazol', '20 mg', 'kapsul', 'kapsul'),
  d('RAN150', 'Ranitidin', '150 mg', 'tablet', 'tablet'),
  d('DOM10', 'Domperidon', '10 mg', 'tablet', 'tablet'),
  d('ORS200', 'Oralit', '200 mL', 'serbuk', 'sachet'),
  d('ZNC20', 'Zinc', '20 mg', 'tablet dispersibel', 'tablet'),
  d('AML5', 'Amlodipin', '5 mg', 'tablet', 'tablet'),
  d('AML10', 'Amlodipin', '10 mg', 'tablet', 'tablet'),
  d('CAP25', 'Kaptopril', '25 mg', 'tablet', 'tablet'),
  d('HCT25', 'Hidroklorotiazid', '25 mg', 'tablet', 'tablet'),
  d('MET500', 'Metformin', '500 mg', 'tablet', 'tablet'),
  d('GLI2', 'Glimepirid', '2 mg', 'tablet', 'tablet'),
  d('SIM20', 'Simvastatin', '20 mg', 'tablet', 'tablet'),
  d('ALO100', 'Alopurinol', '100 mg', 'tablet', 'tablet'),
  d('FE60', 'Tablet Tambah Darah (Besi Folat)', '60 mg/0,4 mg', 'tablet', 'tablet'),
  d('VITB', 'Vitamin B Kompleks', '-', 'tablet', 'tablet'),
  d('ALB400', 'Albendazol', '400 mg', 'tablet', 'tablet'),
  d('MIC2', 'Mikonazol', '2%', 'krim', 'tube'),
  d('HYD25', 'Hidrokortison', '2,5%', 'krim', 'tube'),
  d('GEN01', 'Gentamisin', '0,1%', 'salep kulit', 'tube'),
  d('PER5', 'Permetrin', '5%', 'krim', 'tube'),
  d('CHL05', 'Kloramfenikol', '0,5%', 'tetes mata', 'botol'),
  d('DIA5', 'Diazepam', '5 mg', 'tablet', 'tablet'),
];
