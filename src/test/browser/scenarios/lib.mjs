// What every scenario shares: Debian's chromium launched headless with a fresh profile, the
// service's address, screenshots under target/browser/, and a record of what the page logged.
//
// A scenario is run as: node scenarios/NAME.mjs BASE_URL SCREENSHOT_DIR
// with BIENVENUE_TEST_CHROMIUM naming the chromium executable. It prints each step, then
// "PASSED NAME" and exits 0, or "FAILED NAME: why" and exits 1 (after a screenshot of the page).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

// Headless as root in a container: no sandbox, no GPU; and nothing that calls out to the network
// on its own (updates, sync, QUIC probes), since only the service under test may be reached.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The console error Chromium logs for every 4xx answer the page's fetches get, and for a fetch
 * made while the browser is offline.
 */
export const FAILED_REQUEST =
  /^Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_INTERNET_DISCONNECTED)/;

/** A fresh address for this run. */
export function newEmail(who) {
  return `${who}-${randomUUID().slice(0, 8)}@example.org`;
}

/** Registers a fresh account through the API (not the pages); returns its email. */
export async function register(page, who, password) {
  const email = newEmail(who);
  const created = await page.request.post('/users', { form: { email, password } });
  assert.equal(created.status(), 200, await created.text());
  return email;
}

/** Waits until `locator`'s text contains `text`, then returns the whole text. */
export async function textIn(locator, text) {
  await locator.filter({ hasText: text }).waitFor();
  return locator.textContent();
}

/** Waits until the focused element has the id `id`. */
export async function focusOn(page, id) {
  await page.waitForFunction((wanted) => document.activeElement?.id === wanted, id);
}

/**
 * Runs `body({ page, context, base, shot, step, console })` in a fresh browser. Unless
 * `expectFailedRequests` is set, any console error fails the scenario; an uncaught page error or
 * a CSP violation always does.
 */
export async function scenario(name, body, { expectFailedRequests = false } = {}) {
  const [base, shots] = process.argv.slice(2);
  assert.ok(base && shots, 'usage: node scenarios/NAME.mjs BASE_URL SCREENSHOT_DIR');
  const executablePath = process.env.BIENVENUE_TEST_CHROMIUM;
  assert.ok(executablePath, 'BIENVENUE_TEST_CHROMIUM must name the chromium executable');
  await mkdir(shots, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'bienvenue-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: FLAGS,
    baseURL: base,
    viewport: { width: 760, height: 640 },
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const logged = [];
  const pageErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      logged.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const shot = (what) =>
    page.screenshot({ path: join(shots, `${name}-${what}.png`), fullPage: true });
  const step = (what) => console.log(`- ${what}`);
  try {
    await body({ page, context, base, shot, step, console: logged });
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    const unexpected = logged.filter(
      (line) =>
        /Content.Security.Policy/i.test(line) ||
        !(expectFailedRequests && FAILED_REQUEST.test(line.replace(/^error: /, ''))),
    );
    assert.deepEqual(unexpected, [], 'errors in the console');
    console.log(`PASSED ${name}`);
  } catch (error) {
    await shot('failure').catch(() => {});
    console.log(`FAILED ${name}: ${error.stack ?? error}`);
    console.log(`console: ${JSON.stringify(logged)}`);
    process.exitCode = 1;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
