// One line per route. Pages, fragments and the JSON API share handlers.
import { route } from '../../kernel/index.js';
import { createUserBody, meSchema, tokenBody, tokenResponse, userList, userSchema } from './schemas.js';

export const routes = [
  route('GET', '/login', 'public', 'loginPage', 'page', { view: 'staff/login', title: 'staff.title.login' }),
  route('POST', '/login', 'public', 'login', 'page', { formView: 'staff/login', title: 'staff.title.login' }),
  route('POST', '/logout', 'authenticated', 'logout', 'page'),
  route('GET', '/staff', 'staff:manage', 'listUsers', 'page', { view: 'staff/users', title: 'staff.title.users' }),
  route('POST', '/staff/users', 'staff:manage', 'createUser', 'page', { formView: 'staff/user-form', title: 'staff.title.users' }),
  route('POST', '/staff/users/:id/deactivate', 'staff:manage', 'deactivateUser', 'page'),
  route('GET', '/staff/_panel/me', 'authenticated', 'mePanel', 'fragment', { view: 'staff/panel-me' }),
  route('POST', '/api/v1/auth/token', 'public', 'issueToken', 'api', { summary: 'Exchange username and password for a bearer token', body: tokenBody, response: tokenResponse, statuses: [401, 422, 429] }),
  route('POST', '/api/v1/auth/logout', 'authenticated', 'revokeToken', 'api', { summary: 'Revoke the bearer token in use' }),
  route('GET', '/api/v1/staff/me', 'authenticated', 'me', 'api', { summary: 'The calling staff member', response: meSchema }),
  route('GET', '/api/v1/staff/users', 'staff:manage', 'listUsers', 'api', { summary: 'List staff accounts', response: userList }),
  route('POST', '/api/v1/staff/users', 'staff:manage', 'createUser', 'api', { summary: 'Create a staff account', body: createUserBody, response: userSchema, statuses: [201, 409, 422] }),
  route('POST', '/api/v1/staff/users/:id/deactivate', 'staff:manage', 'deactivateUser', 'api', { summary: 'Deactivate a staff account; its sessions and tokens end at once', response: userSchema, statuses: [404, 409] }),
];
