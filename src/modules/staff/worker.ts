// The staff module as it runs inside its worker threads.
import { randomBytes } from 'node:crypto';
import { BilikError, defineWorker, type Role } from '../../kernel/index.js';
import { StaffErrors } from './errors.js';
import { contract } from './contract.js';
import { issueToken, revokeToken } from './handlers/tokens.js';
import { login, loginPage, logout } from './handlers/login.js';
import { createUser, deactivateUser, listUsers, me } from './handlers/users.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { countUsers, insertUser } from './users.js';

/** Demo staff for a fresh demo clinic; the password is printed at start. */
const DEMO_STAFF: Array<{ username: string; fullName: string; roles: Role[] }> = [
  { username: 'dokter', fullName: 'dr. Ratna Sari', roles: ['doctor'] },
  { username: 'dokter2', fullName: 'dr. Yusuf Hidayat', roles: ['doctor'] },
  { username: 'drgigi', fullName: 'drg. Hendra Wijaya', roles: ['doctor'] },
  { username: 'perawat', fullName: 'Ns. Bayu Pratama', roles: ['nurse'] },
  { username: 'pendaftaran', fullName: 'Dewi Lestari', roles: ['front_desk'] },
  { username: 'kasir', fullName: 'Agus Salim', roles: ['cashier'] },
];
export const DEMO_PASSWORD = 'bilik-demo-2026';

export default defineWorker({
  handlers: { loginPage, login, logout, issueToken, revokeToken, me, listUsers, createUser, deactivateUser, mePanel: me },
  contract,
  migrations,
  messages,
  async onStart(ctx) {
    if ((await countUsers(ctx.db)) > 0) return {};
    const generated = !ctx.settings.adminPassword;
    const password = ctx.settings.adminPassword ?? randomBytes(12).toString('base64url');
    try {
      await insertUser(ctx.db, { username: 'admin', fullName: 'Administrator', password, roles: ['admin'] });
    } catch (err) {
      // Replicas starting together on one Postgres: another one created the first admin.
      if (err instanceof BilikError && err.code === StaffErrors.USERNAME_TAKEN.code) return {};
      throw err;
    }
    const messages = [generated ? `login: admin / ${password}   (generated now and shown once: change it, or set BILIK_ADMIN_PASSWORD)` : 'login: admin / the password in BILIK_ADMIN_PASSWORD'];
    if (ctx.settings.demo) {
      for (const s of DEMO_STAFF) await insertUser(ctx.db, { ...s, password: DEMO_PASSWORD });
      messages.push(`demo logins (password ${DEMO_PASSWORD}): ${DEMO_STAFF.map((s) => `${s.username} (${s.roles.join(', ')})`).join(', ')}`);
    }
    // A first run: the demo clinic's day is made once, on a fresh install only.
    return { messages, freshInstall: true };
  },
});
