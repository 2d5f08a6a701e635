// Stable error codes of the staff module (documented in docs/errors.md). The text
// shown to people is the catalog entry error.<CODE> in messages.ts; the English
// here is only the spec's fallback.
import { defineError } from '../../kernel/index.js';

export const StaffErrors = {
  LOGIN_FAILED: defineError('STAFF_LOGIN_FAILED', 401, 'Wrong username or password.'),
  LOGIN_LOCKED: defineError('STAFF_LOGIN_LOCKED', 429, 'Too many failed attempts. Try again later.'),
  USER_NOT_FOUND: defineError('STAFF_USER_NOT_FOUND', 404, 'No such staff member.'),
  USERNAME_TAKEN: defineError('STAFF_USERNAME_TAKEN', 409, 'This username is already in use.'),
  CANNOT_DEACTIVATE_SELF: defineError('STAFF_CANNOT_DEACTIVATE_SELF', 409, 'You cannot deactivate your own account.'),
} as const;
