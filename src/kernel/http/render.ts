// The kernel renders only what has no module: the dashboard shell, error pages
// and the degraded "temporarily unavailable" fragments.
import { Eta } from 'eta';
import { VIEWS_DIR } from '../paths.js';
import type { NavItem, UserContext } from '../types.js';

export const eta = new Eta({ views: VIEWS_DIR, cache: true, autoEscape: true });

export interface Shell {
  user: UserContext | null;
  nav: NavItem[];
  csrf: string;
  requestId: string;
  activePath: string;
}

export function renderLayout(shell: Shell, title: string, content: string): string {
  return eta.render('layout/layout', { ...shell, title, content });
}

export function renderView(view: string, data: object): string {
  return eta.render(view, data);
}
