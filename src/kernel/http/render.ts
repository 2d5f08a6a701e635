// The kernel renders only what has no module: the dashboard shell, error pages
// and the degraded "temporarily unavailable" fragments; in the caller's language.
import { Eta } from 'eta';
import { kernelMessages } from '../i18n/messages.js';
import { mergeCatalogs, translateMaybe, translator, type Catalogs, type Locale, type Translate } from '../i18n/catalog.js';
import { formatters } from '../i18n/format.js';
import { VIEWS_DIR } from '../paths.js';
import type { NavItem, UserContext } from '../types.js';

export const eta = new Eta({ views: VIEWS_DIR, cache: true, autoEscape: true });

/** Kernel + every module's catalog: nav labels, panel titles and error codes of all modules. */
let catalogs: Catalogs = kernelMessages;

export function useCatalogs(moduleCatalogs: Catalogs[]): void {
  catalogs = mergeCatalogs(kernelMessages, ...moduleCatalogs);
}

export function messagesFor(locale: Locale) {
  return catalogs[locale];
}

export interface Shell {
  user: UserContext | null;
  nav: NavItem[];
  csrf: string;
  requestId: string;
  activePath: string;
  locale: Locale;
  timeZone: string;
}

export function i18nOf(shell: Shell): { t: Translate; fmt: ReturnType<typeof formatters>; locale: Locale } {
  return { t: translator(catalogs[shell.locale]), fmt: formatters(shell.locale, shell.timeZone), locale: shell.locale };
}

export function renderLayout(shell: Shell, title: string, content: string): string {
  const messages = catalogs[shell.locale];
  const nav = shell.nav.map((n) => ({ ...n, label: translateMaybe(messages, n.label) }));
  return eta.render('layout/layout', { ...shell, ...i18nOf(shell), nav, title: translateMaybe(messages, title), content });
}

export function renderView(view: string, shell: Shell, data: object): string {
  return eta.render(view, { ...data, ...i18nOf(shell) });
}
