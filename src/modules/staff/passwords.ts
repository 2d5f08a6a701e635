// Password hashing (argon2id, in the staff worker only) and the password policy.
import argon2 from 'argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const COMMON = new Set([
  'password', 'password1', 'password123', '1234567890', '12345678910', 'qwertyuiop', 'iloveyou12', 'admin12345',
  'adminadmin', 'welcome123', 'letmein123', 'bismillah1', 'indonesia1', 'rahasia123', 'sayang1234', 'klinik1234',
]);

/** The first problem with a password as a message key (staff.password.*), or null. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 10) return 'staff.password.tooShort';
  if (password.length > 200) return 'staff.password.tooLong';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'staff.password.common';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'staff.password.containsUsername';
  if (!/[a-zA-Z]/.test(password) || !/[^a-zA-Z]/.test(password)) return 'staff.password.mix';
  if (new Set(password).size < 5) return 'staff.password.variety';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/** Always runs one argon2 verify, also for unknown users, so timing does not reveal which usernames exist. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummy ??= hashPassword('not-a-real-password-0');
  const target = hash ?? (await dummy);
  const ok = await argon2.verify(target, password).catch(() => false);
  return hash !== null && ok;
}
