// Debian's chromium for the browser suites (playwright-core drives it; no
// bundled browser download). BILIK_CHROMIUM points elsewhere if needed.
export const CHROMIUM = process.env.BILIK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
