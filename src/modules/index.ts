// The explicit module list. Order is start order (auth first: everything else
// may call it); shutdown runs in reverse. No folder scanning.
import patients from './patients/index.js';
import staff from './staff/index.js';

export const modules = [staff, patients] as const;
