// Browser smoke: Debian's chromium driven by playwright-core against the real
// built app. Log in, register a patient, find them by search-as-you-type.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.js';
import { ADMIN_PASSWORD, type Bilik, ROOT, startBilik } from '../support/server.js';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');

let bilik: Bilik;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  bilik = await startBilik();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await bilik?.stop();
});

describe('browser smoke (Debian chromium)', () => {
  it('logs in, registers a patient and finds them by search', async () => {
    // A second patient, so the search result must come from the query, not the default list.
    const token = await bilik.loginApi('admin', ADMIN_PASSWORD);
    const other = await fetch(`${bilik.url}/api/v1/patients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ nik: '3171041203850001', fullName: 'Budi Santoso', sex: 'M', birthDate: '1985-03-12', payer: 'general' }),
    });
    expect(other.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });

    await page.goto(`${bilik.url}/patients`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${bilik.url}/patients`);

    await page.getByRole('link', { name: 'Register patient' }).click();
    await page.waitForURL(`${bilik.url}/patients/new`);
    await page.getByLabel('NIK').fill('3171044506900002');
    await page.getByLabel('Full name').fill('Siti Rahmawati');
    await page.getByLabel('Sex').selectOption('F');
    await page.getByLabel('Birth date').fill('1990-06-05');
    await page.getByRole('button', { name: /register|save/i }).click();
    await page.waitForURL(/\/patients\/\d+$/);
    await expect.poll(() => page.locator('main').innerText()).toContain('Siti Rahmawati');
    await expect.poll(() => page.locator('main').innerText()).toMatch(/RM-\d{6}/);

    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await page.waitForURL(`${bilik.url}/patients`);
    await page.getByLabel(/Search by name/).pressSequentially('rahma', { delay: 30 });
    const results = page.locator('#patient-results');
    await expect.poll(() => results.innerText(), { timeout: 10_000 }).toContain('Results for “rahma”');
    expect(await results.innerText()).toContain('Siti Rahmawati');
    expect(await results.innerText()).not.toContain('Budi Santoso');
    await page.screenshot({ path: path.join(ARTIFACTS, 'smoke-patient-search.png'), fullPage: true });

    // The dashboard composes panels from two modules with hx-get.
    await page.goto(`${bilik.url}/`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toContain('Siti Rahmawati');
    await expect.poll(() => page.locator('main').innerText()).toContain('Roles: admin');
    await page.screenshot({ path: path.join(ARTIFACTS, 'smoke-dashboard.png'), fullPage: true });

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
