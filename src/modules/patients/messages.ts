// The patients module's message catalog (id default, en). Keys: patients.*
import type { Catalogs } from '../../kernel/index.js';

export const messages: Catalogs = {
  id: {
    'patients.nav': 'Pasien',
    'patients.panel.recent': 'Baru terdaftar',
  },
  en: {
    'patients.nav': 'Patients',
    'patients.panel.recent': 'Recently registered',
  },
};
