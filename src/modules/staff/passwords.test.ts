import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('password policy', () => {
  it('refuses short, common, username-based and single-class passwords', () => {
    expect(passwordProblem('short1')).toBe('staff.password.tooShort');
    expect(passwordProblem('x1'.repeat(101))).toBe('staff.password.tooLong');
    expect(passwordProblem('Password123')).toBe('staff.password.common');
    expect(passwordProblem('dokter-ani-2026', 'ani')).toBe('staff.password.containsUsername');
    expect(passwordProblem('onlylettersabc')).toBe('staff.password.mix');
    expect(passwordProblem('1111111111a')).toBe('staff.password.variety');
  });
  it('accepts a reasonable passphrase', () => {
    expect(passwordProblem('kopi-tubruk-pagi-7', 'admin')).toBeNull();
  });
});

describe('argon2id hashing', () => {
  it('verifies the right password and rejects others, also for unknown users', async () => {
    const hash = await hashPassword('kopi-tubruk-pagi-7');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'kopi-tubruk-pagi-7')).toBe(true);
    expect(await verifyPassword(hash, 'kopi-tubruk-pagi-8')).toBe(false);
    expect(await verifyPassword(null, 'kopi-tubruk-pagi-7')).toBe(false);
  });
});
