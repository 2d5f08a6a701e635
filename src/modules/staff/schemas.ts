// Input and output shapes of the staff module, shared by handlers and the OpenAPI document.
// Messages are catalog keys (messages.ts), shown in the caller's language.
import { z } from 'zod';
import { ROLES } from '../../kernel/index.js';
import { passwordProblem } from './passwords.js';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'staff.user.usernameInvalid');

// A message on z.string() covers all its checks that have none, hence the explicit max messages.
export const loginBody = z.object({
  username: z.string('staff.login.usernameRequired').trim().toLowerCase().min(1, 'staff.login.usernameRequired').max(64, 'validation.tooLong'),
  password: z.string('staff.login.passwordRequired').min(1, 'staff.login.passwordRequired').max(200, 'validation.tooLong'),
  next: z.string().optional(),
});

export const tokenBody = loginBody.omit({ next: true });

export const tokenResponse = z.object({ token: z.string(), expiresAt: z.string() });

export const roleSchema = z.enum(ROLES);

export const createUserBody = z
  .object({
    username: usernameSchema,
    fullName: z.string('staff.user.fullNameRequired').trim().min(1, 'staff.user.fullNameRequired').max(100, 'validation.tooLong'),
    password: z.string().max(200),
    // HTML forms send one value as a string and several as an array.
    roles: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(roleSchema, 'staff.user.rolesRequired').min(1, 'staff.user.rolesRequired')),
  })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, v.username);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  fullName: z.string(),
  roles: z.array(roleSchema),
  active: z.boolean(),
  createdAt: z.string(),
});

export const userList = z.object({ items: z.array(userSchema) });
export const meSchema = userSchema.omit({ active: true, createdAt: true }).extend({ permissions: z.array(z.string()) });

export type UserOut = z.infer<typeof userSchema>;
