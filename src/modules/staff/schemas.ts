// Input and output shapes of the staff module, shared by handlers and the OpenAPI document.
import { z } from 'zod';
import { ROLES } from '../../kernel/index.js';
import { passwordProblem } from './passwords.js';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'Use 3–32 lower-case letters, digits, dots, dashes or underscores.');

export const loginBody = z.object({
  username: z.string().trim().toLowerCase().min(1, 'Enter your username.').max(64),
  password: z.string().min(1, 'Enter your password.').max(200),
  next: z.string().optional(),
});

export const tokenBody = loginBody.omit({ next: true });

export const tokenResponse = z.object({ token: z.string(), expiresAt: z.string() });

export const roleSchema = z.enum(ROLES);

export const createUserBody = z
  .object({
    username: usernameSchema,
    fullName: z.string().trim().min(1, 'Enter the full name.').max(100),
    password: z.string().max(200),
    // HTML forms send one value as a string and several as an array.
    roles: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(roleSchema, 'Choose at least one role.').min(1, 'Choose at least one role.')),
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
