// Login throttling under concurrency: failed attempts that arrive together (two
// staff workers, several replicas) each count exactly once, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryModule } from '../support/patients.js';
import { ADMIN_PASSWORD, createStaff, startBilik, type Bilik } from '../support/server.js';

let b: Bilik;

beforeAll(async () => {
  b = await startBilik({ env: { BILIK_STAFF_THREADS: '4' } });
}, 90_000);
afterAll(async () => {
  await b?.stop();
});

const login = (username: string, password: string) =>
  fetch(`${b.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('login throttling under concurrent failures', () => {
  it('counts every one of 4 simultaneous failures, then locks the account at the 5th', async () => {
    const admin = await b.loginApi('admin', ADMIN_PASSWORD);
    await createStaff(b.url, admin, { username: 'racer', fullName: 'Racer', password: 'kopi-susu-2026', roles: ['nurse'] });
    const answers = await Promise.all(Array.from({ length: 4 }, () => login('racer', 'wrong-password-1')));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    const [row] = await queryModule<{ failures: number }>(b, 'staff', 'select failures from login_throttle where key = ?', ['u:racer']);
    expect(Number(row?.failures)).toBe(4);
    // The right password still works below the limit…
    expect((await login('racer', 'kopi-susu-2026')).status).toBe(200);
    // …and a success clears the user's count, so 5 new failures are needed to lock.
    const more = await Promise.all(Array.from({ length: 5 }, () => login('racer', 'wrong-password-2')));
    expect(more.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 401]);
    const locked = await login('racer', 'kopi-susu-2026');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
