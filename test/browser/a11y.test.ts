// Accessibility in both languages, in Debian's chromium: axe-core on every
// screen a clinic uses (no 'serious' or 'critical' violation allowed), and the
// keyboard path: the first Tab lands on the skip link, it jumps to <main>, and
// every focused control shows a focus ring that stands out from its background.
// The clinical screens are audited as the role that uses them (the demo clinic
// day's accounts, logged in through the login form) on today's demo visits.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, type Response, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/kernel/i18n/catalog.js';
import { kernelMessages } from '../../src/kernel/i18n/messages.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.js';
import { ADMIN_PASSWORD, type Bilik, ROOT, startBilik } from '../support/server.js';

// The functions passed to page.evaluate run in the browser. The project compiles
// without the DOM library (server code must not see `window`), so the few browser
// globals they touch are declared here, for this module only.
declare const window: any;
declare const document: any;
declare function getComputedStyle(el: any): any;
declare function requestAnimationFrame(cb: () => void): number;
type HTMLElement = any;
type Document = any;

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
// The staff module's demo accounts (BILIK_DEMO=1).
const DEMO_PASSWORD = 'bilik-demo-2026';
const DEMO = { doctor: 'dokter', nurse: 'perawat', frontDesk: 'pendaftaran', cashier: 'kasir' } as const;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

interface Finding {
  lang: Locale;
  page: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }> }>;
}

let bilik: Bilik;
let browser: Browser;
/** Ids in today's demo clinic, found through the API: dr. Ratna's consultation in progress, a patient before vitals, invoices. */
const ids = { inProgress: 0, needsVitals: 0, partial: 0, paid: 0 };

async function apiGet(username: string, password: string, url: string): Promise<any> {
  const token = await bilik.loginApi(username, password);
  const res = await fetch(`${bilik.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${url} as ${username}: HTTP ${res.status}`);
  return res.json();
}
const covered: Array<{ lang: Locale; page: string; url: string }> = [];
const findings: Finding[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  bilik = await startBilik({ env: { BILIK_LOCALE: 'id', BILIK_DEMO: '1' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  // Today's demo visits are made through the API right after the start.
  const deadline = Date.now() + 100_000;
  while (!bilik.logs.some((l) => l.includes("today's clinic is ready"))) {
    const failed = bilik.logs.find((l) => l.includes('demo day could not be made'));
    if (failed) throw new Error(`the demo clinic day failed: ${failed}`);
    if (Date.now() > deadline) throw new Error(`the demo clinic day was not ready in time:\n${bilik.logs.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const doctorId = (await apiGet(DEMO.doctor, DEMO_PASSWORD, '/api/v1/staff/me')).id as number;
  const triage = (await apiGet(DEMO.nurse, DEMO_PASSWORD, '/api/v1/records/triage')).items as Array<{ encounterId: number; status: string; waitingForVitals: boolean }>;
  for (const e of triage.filter((x) => x.status === 'in-progress')) {
    if ((await apiGet(DEMO.doctor, DEMO_PASSWORD, `/api/v1/records/encounters/${e.encounterId}`)).doctorId === doctorId) ids.inProgress ||= e.encounterId;
  }
  ids.needsVitals = triage.find((x) => x.status === 'arrived' && x.waitingForVitals)?.encounterId ?? 0;
  const invoices = (await apiGet(DEMO.cashier, DEMO_PASSWORD, '/api/v1/billing/invoices')).items as Array<{ id: number; status: string; balance: number }>;
  ids.partial = invoices.find((i) => i.status === 'partial')?.id ?? 0;
  ids.paid = invoices.find((i) => i.status === 'paid' && i.balance === 0)?.id ?? 0;
  for (const [k, v] of Object.entries(ids)) if (!v) throw new Error(`no demo ${k} found`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bilik?.stop();
  const list = covered.map((c) => `  ${c.lang}  ${c.page.padEnd(28)} ${c.url}`).join('\n');
  console.log(`axe-core pages covered (${covered.length}):\n${list}`);
  const lines = findings.map((f) => `  [${f.impact}] ${f.lang} ${f.page}: ${f.rule} (${f.help})\n${f.nodes.map((n) => `      ${n}`).join('\n')}`);
  console.log(`axe-core violations (${findings.length}, any impact):\n${lines.join('\n') || '  none'}`);
});

// ---- helpers --------------------------------------------------------------------

/** Runs axe-core on the page as it is now; records every violation, returns the blocking ones. */
async function audit(page: Page, lang: Locale, name: string): Promise<Finding[]> {
  // In the app's own language, with nothing left untranslated.
  expect(await page.getAttribute('html', 'lang'), `${name}: <html lang>`).toBe(lang);
  expect(await page.content(), `${name}: missing key`).not.toContain('⟦');
  // page.evaluate runs through the DevTools protocol: the page's CSP does not apply.
  if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => (window as unknown as { axe: { run(ctx: Document, o: object): Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }));
  covered.push({ lang, page: name, url: new URL(page.url()).pathname + new URL(page.url()).search });
  const found = (result as AxeResult).violations.map((v) => ({
    lang,
    page: name,
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}  ${n.html.replace(/\s+/g, ' ').slice(0, 160)}${n.failureSummary ? `  → ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`),
  }));
  findings.push(...found);
  return found.filter((f) => BLOCKING.has(f.impact));
}

function describeBlocking(list: Finding[]): string {
  return list.map((f) => `[${f.impact}] ${f.page}: ${f.rule} — ${f.help}\n    ${f.nodes.join('\n    ')}`).join('\n');
}

/** Relative luminance contrast of two CSS rgb()/rgba() colours (alpha ignored: callers pass opaque ones). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

interface FocusInfo {
  tag: string;
  id: string;
  cls: string;
  href: string | null;
  text: string;
  outlineStyle: string;
  outlineWidth: number;
  colors: string[];
  background: string;
  onScreen: boolean;
}

/** The focused element: its focus indicator colours (outline, box-shadow rings) and the opaque background behind it. */
function focused(page: Page): Promise<FocusInfo> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const cs = getComputedStyle(el);
    const opaque = (c: string) => !/rgba\([^)]*,\s*0\)$/.test(c) && c !== 'transparent';
    // What the ring is drawn on: the first opaque background above the element (the ring sits outside it).
    let bgEl: HTMLElement | null = el.parentElement;
    let background = 'rgb(255, 255, 255)';
    while (bgEl) {
      const c = getComputedStyle(bgEl).backgroundColor;
      if (opaque(c)) {
        background = c;
        break;
      }
      bgEl = bgEl.parentElement;
    }
    const colors: string[] = [];
    if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) colors.push(cs.outlineColor);
    if (cs.boxShadow && cs.boxShadow !== 'none') colors.push(...(cs.boxShadow.match(/rgba?\([^)]*\)/g) ?? []));
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      cls: el.className && typeof el.className === 'string' ? el.className : '',
      href: el.getAttribute('href'),
      text: (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40),
      outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) || 0,
      colors,
      background,
      onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < window.innerWidth && r.top < window.innerHeight,
    };
  });
}

/** From the top of a freshly loaded page: skip link first, visible, it moves focus to <main>; then every stop shows a ring. */
async function checkKeyboard(page: Page, lang: Locale, name: string, stops = 10): Promise<string[]> {
  const problems: string[] = [];
  await page.keyboard.press('Tab');
  const first = await focused(page);
  if (!first.cls.includes('skip-link') || first.href !== '#main') problems.push(`${name}: first Tab reached <${first.tag} class="${first.cls}">${first.text}, not the skip link`);
  if (first.text !== kernelMessages[lang]['layout.skip']) problems.push(`${name}: skip link reads "${first.text}"`);
  if (!first.onScreen) problems.push(`${name}: the focused skip link is off screen`);
  const ring = (f: FocusInfo, at: string) => {
    const label = `${name}: ${at} <${f.tag}${f.id ? `#${f.id}` : ''}${f.cls ? `.${f.cls.split(' ').join('.')}` : ''}> "${f.text}"`;
    if (f.outlineStyle === 'none' || f.outlineWidth < 2) problems.push(`${label}: no visible outline (outline-style ${f.outlineStyle}, ${f.outlineWidth}px)`);
    const best = Math.max(0, ...f.colors.map((c) => contrast(c, f.background)));
    if (best < 3) problems.push(`${label}: focus ring ${f.colors.join(' / ')} on ${f.background} has contrast ${best.toFixed(2)}:1 (< 3:1)`);
  };
  ring(first, 'skip link');
  await page.keyboard.press('Enter');
  const target = await page.evaluate(() => document.activeElement?.id ?? '');
  if (target !== 'main') problems.push(`${name}: the skip link moved focus to "${target}", not #main`);
  // Back to the top and through the controls in order.
  await page.reload();
  await page.keyboard.press('Tab');
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag === 'body') break;
    ring(f, `Tab ${i + 2}`);
  }
  return problems;
}

async function waitForPanels(page: Page): Promise<void> {
  // Each panel swaps its loading placeholder (hx-trigger="load") for its body.
  await expect.poll(() => page.locator('main [hx-trigger="load"]').count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => page.locator('main .panel').count()).toBeGreaterThanOrEqual(2);
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

/** A fresh browser in one language: Indonesian from the browser's language, English through the switch on the login page (a cookie). */
async function openBrowser(lang: Locale): Promise<{ context: BrowserContext; page: Page; go: (url: string) => Promise<Response | null> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
  const page = await context.newPage();
  const go = async (url: string) => {
    const res = await page.goto(`${bilik.url}${url}`);
    await settle(page);
    return res;
  };
  if (lang === 'en') {
    await go('/login');
    await page.locator('#lang-select').selectOption('en');
    await Promise.all([page.waitForURL(`${bilik.url}/login`), page.locator('form.lang-switch button[type="submit"]').click()]);
    await settle(page);
  }
  return { context, page, go };
}

/** Logs in through the login form; the role's home page is where it lands. */
async function logIn(page: Page, username: string, password: string, home: string): Promise<void> {
  await page.goto(`${bilik.url}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL(`${bilik.url}${home}`), page.locator('main form button[type="submit"]').click()]);
  await settle(page);
}

/** The logout button in the top bar. */
async function logOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/login/), page.locator('form[action="/logout"] button[type="submit"]').click()]);
  await settle(page);
}

// ---- the walk, once per language -------------------------------------------------------

describe('accessibility (axe-core, keyboard) in both languages', () => {
  for (const lang of LOCALES) {
    it(`has no serious or critical axe violation on any screen, and a working skip link and focus rings (${lang})`, async () => {
      // Indonesian from the browser's language; English through the language switch on the login page.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
      const page = await context.newPage();
      const blocking: Finding[] = [];
      const keyboard: string[] = [];
      const go = async (url: string) => {
        const res = await page.goto(`${bilik.url}${url}`);
        await settle(page);
        return res;
      };

      await go('/login');
      if (lang === 'en') {
        await page.locator('#lang-select').selectOption('en');
        await Promise.all([page.waitForURL(`${bilik.url}/login`), page.locator('form.lang-switch button[type="submit"]').click()]);
        await settle(page);
      }
      blocking.push(...(await audit(page, lang, 'login')));
      keyboard.push(...(await checkKeyboard(page, lang, 'login', 6)));

      await page.locator('#username').fill('admin');
      await page.locator('#password').fill(ADMIN_PASSWORD);
      await Promise.all([page.waitForURL(`${bilik.url}/`), page.locator('main form button[type="submit"]').click()]);
      await waitForPanels(page);
      await settle(page);
      blocking.push(...(await audit(page, lang, 'dashboard (panels loaded)')));
      await page.screenshot({ path: path.join(ARTIFACTS, `a11y-dashboard-${lang}.png`), fullPage: true });
      keyboard.push(...(await checkKeyboard(page, lang, 'dashboard', 12)));

      await go('/patients');
      blocking.push(...(await audit(page, lang, 'patients list')));

      // Search as you type: the results region is replaced by htmx.
      await page.locator('#patient-q').pressSequentially('siti', { delay: 30 });
      const results = page.locator('#patient-results');
      // The list starts with every patient: wait for the typed query's results to replace it.
      await expect
        .poll(async () => {
          const text = await results.innerText();
          return text.includes('Siti Aminah') && !text.includes('Budi Santoso');
        }, { timeout: 10_000 })
        .toBe(true);
      await settle(page);
      blocking.push(...(await audit(page, lang, 'search results (typed)')));

      await go('/patients/new');
      blocking.push(...(await audit(page, lang, 'register form')));

      await page.locator('#patient-nik').fill('123');
      await page.locator('#patient-fullName').fill('Sri');
      await page.locator('main form.card button[type="submit"]').click();
      await expect.poll(() => page.locator('main .field-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await settle(page);
      blocking.push(...(await audit(page, lang, 'register form (errors)')));

      await go('/patients/1');
      blocking.push(...(await audit(page, lang, 'patient detail')));

      await go('/patients/1/edit');
      blocking.push(...(await audit(page, lang, 'edit form')));

      await go('/staff');
      blocking.push(...(await audit(page, lang, 'staff page')));

      await page.locator('#user-form button[type="submit"]').click();
      await expect.poll(() => page.locator('#user-form .field-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await settle(page);
      blocking.push(...(await audit(page, lang, 'staff form (errors)')));

      const notFound = await go('/patients/999999');
      expect(notFound?.status()).toBe(404);
      blocking.push(...(await audit(page, lang, 'not found (404)')));

      await context.close();
      expect([describeBlocking(blocking), ...keyboard].filter(Boolean).join('\n')).toBe('');
    });

    it(`has no serious or critical axe violation on the clinical screens, each as the role that uses it (${lang})`, async () => {
      const { context, page, go } = await openBrowser(lang);
      const blocking: Finding[] = [];
      const keyboard: string[] = [];
      const check = async (name: string) => blocking.push(...(await audit(page, lang, name)));

      // Admin: the clinic's set-up and the audit log.
      await logIn(page, 'admin', ADMIN_PASSWORD, '/');
      for (const [url, name] of [
        ['/appointments/polis', 'polis (admin)'],
        ['/appointments/schedules', 'schedules (admin)'],
        ['/billing/tariffs', 'tariffs (admin)'],
        ['/audit', 'audit log (admin)'],
      ] as const) {
        await go(url);
        await check(name);
      }
      keyboard.push(...(await checkKeyboard(page, lang, 'audit log', 12)));
      await logOut(page);

      // The waiting-room screen is public: nobody logged in.
      await go('/appointments/display');
      await check('waiting-room display (public)');
      await page.screenshot({ path: path.join(ARTIFACTS, `a11y-display-${lang}.png`), fullPage: true });

      // Front desk: the queue board (home) and the walk-in form, with its errors.
      await logIn(page, DEMO.frontDesk, DEMO_PASSWORD, '/appointments/queue');
      await check('queue board (front desk)');
      await page.screenshot({ path: path.join(ARTIFACTS, `a11y-queue-${lang}.png`), fullPage: true });
      keyboard.push(...(await checkKeyboard(page, lang, 'queue board', 12)));
      await go('/appointments/queue/new');
      await check('walk-in form (front desk)');
      await page.locator('#walkin-patient').fill('RM-999999');
      await page.locator('#walkin-form button[type="submit"]').click();
      await expect.poll(() => page.locator('#walkin-form [aria-invalid="true"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await settle(page);
      await check('walk-in form (errors)');
      await logOut(page);

      // Nurse: the triage list (home), a patient before vitals, the consultation in progress.
      await logIn(page, DEMO.nurse, DEMO_PASSWORD, '/records/triage');
      await check('triage (nurse)');
      keyboard.push(...(await checkKeyboard(page, lang, 'triage', 12)));
      await go(`/records/encounters/${ids.needsVitals}`);
      await check('encounter before vitals (nurse)');
      // Vital signs sent empty: the workspace comes back with its field errors (nothing is stored).
      await page.locator('form.vitals-form button[type="submit"]').click();
      await expect.poll(() => page.locator('form.vitals-form [aria-invalid="true"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await settle(page);
      await check('vitals form (errors)');
      await go(`/records/encounters/${ids.inProgress}`);
      await check('encounter (nurse)');
      await logOut(page);

      // Doctor: my queue (home), then the consultation with its clinical forms.
      await logIn(page, DEMO.doctor, DEMO_PASSWORD, '/appointments/my-queue');
      await check('my queue (doctor)');
      await go(`/records/encounters/${ids.inProgress}`);
      await check('encounter (doctor)');
      await page.screenshot({ path: path.join(ARTIFACTS, `a11y-encounter-doctor-${lang}.png`), fullPage: true });
      keyboard.push(...(await checkKeyboard(page, lang, 'encounter (doctor)', 14)));
      // A prescription sent empty: its field errors (nothing is stored).
      const rx = page.locator(`form[action="/records/encounters/${ids.inProgress}/prescriptions"]`);
      await rx.locator('button[type="submit"]').click();
      await expect.poll(() => page.locator(`form[action="/records/encounters/${ids.inProgress}/prescriptions"] [aria-invalid="true"]`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await settle(page);
      await check('prescription form (errors)');
      await logOut(page);

      // Cashier: home, a partly paid invoice with its payment form, a receipt, the day's report.
      await logIn(page, DEMO.cashier, DEMO_PASSWORD, '/billing');
      await check('cashier home');
      await go(`/billing/invoices/${ids.partial}`);
      await check('invoice (cashier)');
      keyboard.push(...(await checkKeyboard(page, lang, 'invoice', 12)));
      await go(`/billing/invoices/${ids.paid}/receipt`);
      await check('receipt (cashier)');
      await go('/billing/reports/daily');
      await check('daily report (cashier)');

      await context.close();
      expect([describeBlocking(blocking), ...keyboard].filter(Boolean).join('\n')).toBe('');
    }, 300_000);
  }

  it('audits every screen in both languages (the audit really ran)', () => {
    // Runs after the two walks above (vitest keeps declaration order in a file).
    const pages = new Set(covered.map((c) => c.page));
    const clinical = [
      'polis (admin)', 'schedules (admin)', 'tariffs (admin)', 'audit log (admin)', 'waiting-room display (public)', 'queue board (front desk)', 'walk-in form (front desk)', 'walk-in form (errors)',
      'triage (nurse)', 'encounter before vitals (nurse)', 'encounter (nurse)', 'vitals form (errors)', 'my queue (doctor)', 'encounter (doctor)', 'prescription form (errors)', 'cashier home', 'invoice (cashier)', 'receipt (cashier)', 'daily report (cashier)',
    ];
    for (const p of ['login', 'dashboard (panels loaded)', 'patients list', 'search results (typed)', 'register form', 'register form (errors)', 'patient detail', 'edit form', 'staff page', ...clinical]) {
      expect(pages.has(p), p).toBe(true);
      for (const lang of LOCALES) expect(covered.some((c) => c.page === p && c.lang === lang), `${p} ${lang}`).toBe(true);
    }
  });
});

describe('the audit itself', () => {
  it('reports a serious violation on a page that has one (so a clean run means something)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!doctype html><html lang="id"><head><title>x</title></head><body><main><p style="color:#999;background:#fff">Teks pucat</p><img src="x.png"><input id="q"></main></body></html>');
    await page.evaluate(AXE_SOURCE);
    const result = (await page.evaluate(() => (window as unknown as { axe: { run(ctx: Document, o: object): Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }))) as AxeResult;
    const rules = result.violations.filter((v) => BLOCKING.has(v.impact ?? '')).map((v) => v.id);
    expect(rules).toEqual(expect.arrayContaining(['color-contrast', 'image-alt', 'label']));
    expect(contrast('rgb(26, 86, 219)', 'rgb(11, 110, 79)')).toBeLessThan(3); // the old blue ring on the green top bar
    expect(contrast('rgb(255, 255, 255)', 'rgb(11, 110, 79)')).toBeGreaterThan(4.5);
    await context.close();
  });
});
