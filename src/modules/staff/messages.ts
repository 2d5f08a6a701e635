// The staff module's message catalog (id default, en). Keys: staff.*
import type { Catalogs } from '../../kernel/index.js';

export const messages: Catalogs = {
  id: {
    'staff.nav': 'Staf',
    'staff.panel.me': 'Akun Anda',
  },
  en: {
    'staff.nav': 'Staff',
    'staff.panel.me': 'Your account',
  },
};
