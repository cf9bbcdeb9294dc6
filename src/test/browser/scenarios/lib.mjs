// What every scenario shares: Debian's chromium launched headless with a fresh profile, the
// service's address, screenshots under target/browser/, a record of what the page logged, and
// axe-core's accessibility check of a page.
//
// A scenario is run as: node scenarios/NAME.mjs BASE_URL SCREENSHOT_DIR
// with BIENVENUE_TEST_CHROMIUM naming the chromium executable. It prints each step, then
// "PASSED NAME" and exits 0, or "FAILED NAME: why" and exits 1 (after a screenshot of the page).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
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

/** axe-core's source, evaluated in a page to check it (see checkAccessibility). */
const AXE_SOURCE = await readFile(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * What axe checks: every rule of WCAG 2.0 and 2.1, levels A and AA, and axe's best practices
 * (landmarks, one main heading, headings in order, ...).
 */
const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/**
 * Checks the page as it is now with axe-core against AXE_OPTIONS' rules and fails, listing each
 * violation (rule, impact, the elements' selectors, the rule's help page), if any. `what` names
 * the page's state in the message. axe's source goes in through Playwright's evaluate (the
 * DevTools protocol, which the page's Content-Security-Policy does not govern), never as a
 * <script> element, which the policy refuses; the policy itself stays on.
 */
export async function checkAccessibility(page, what) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  }
  const { violations } = await page.evaluate(
    (options) => window.axe.run(document, options),
    AXE_OPTIONS,
  );
  const found = violations.flatMap(({ id, impact, help, helpUrl, nodes }) =>
    nodes.map((node) => `${id} (${impact}) at ${node.target.join(' ')}: ${help}, ${helpUrl}`),
  );
  assert.deepEqual(found, [], `accessibility of ${what} (${page.url()})`);
  console.log(`  axe: ${what}: no violation`);
}

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

/** Logs `email` in on the login page (no two-step login) and waits for the profile page. */
export async function logIn(page, email, password) {
  await page.goto('/ui/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL('**/ui/profile');
  await textIn(page.locator('#account-email'), email);
}

/**
 * On the login page, with `email` filled in: `oldPassword` is refused in words, `newPassword`
 * logs in.
 */
export async function onlyTheNewPasswordLogsIn(page, email, oldPassword, newPassword) {
  const password = page.getByLabel('Password', { exact: true });
  const submit = page.getByRole('button', { name: 'Log in', exact: true });
  assert.equal(await page.getByLabel('Email').inputValue(), email);
  await password.fill(oldPassword);
  await submit.click();
  await textIn(page.locator('#error'), 'The email or password is incorrect.');
  await password.fill(newPassword);
  await submit.click();
  await page.waitForURL('**/ui/profile');
  await textIn(page.locator('#account-email'), email);
}

/**
 * The service's clock, read from the creation time of the session `request` (a page's or a
 * context's request API) is logged in with: the tests' service runs on a clock of its own, and a
 * one-time code must be the one for the service's time, not this machine's.
 */
export async function serviceNow(request) {
  const listed = await request.get('/sessions');
  assert.equal(listed.status(), 200, await listed.text());
  const current = (await listed.json()).sessions.find((session) => session.current);
  return Date.parse(current.created_at);
}

/** The code an authenticator app shows for `secret` (Base32, spaces allowed) at `time` (ms). */
export function totpCode(secret, time) {
  const totp = new TOTP({
    secret: Secret.fromBase32(secret.replace(/\s/g, '')),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  return totp.generate({ timestamp: time });
}

/**
 * Turns two-step login on through the API for the account `request` is logged in with, whose
 * password is `password` (its code for the service's current time step); returns { secret,
 * recoveryCodes, now }.
 */
export async function enableTotp(request, password) {
  const now = await serviceNow(request);
  const started = await request.post('/profile/totp', { form: { password } });
  assert.equal(started.status(), 200, await started.text());
  const { secret } = await started.json();
  const confirmed = await request.put('/profile/totp', { form: { code: totpCode(secret, now) } });
  assert.equal(confirmed.status(), 200, await confirmed.text());
  return { secret, recoveryCodes: (await confirmed.json()).recovery_codes, now };
}

/** Headless chromium with a fresh profile in `folder`: a browser context of its own. */
function launch(folder, base, options = {}, args = []) {
  return chromium.launchPersistentContext(folder, {
    executablePath: process.env.BIENVENUE_TEST_CHROMIUM,
    headless: true,
    args: [...FLAGS, ...args],
    baseURL: base,
    viewport: { width: 760, height: 640 },
    deviceScaleFactor: 1,
    ...options,
  });
}

/**
 * Runs `body({ page, context, base, shot, step, console, another })` in a fresh browser, where
 * `shot(what)` saves a screenshot of `page` and checks its accessibility (checkAccessibility), and
 * `another(options)` opens a second browser (another device: its own cookies, and `options` such
 * as a userAgent) and returns its page. Unless `expectFailedRequests` is set, any console error
 * fails the scenario; an uncaught page error or a CSP violation always does. `args` are more
 * chromium flags, such as a host resolver rule for a scenario that needs several host names.
 */
export async function scenario(name, body, { expectFailedRequests = false, args = [] } = {}) {
  const [base, shots] = process.argv.slice(2);
  assert.ok(base && shots, 'usage: node scenarios/NAME.mjs BASE_URL SCREENSHOT_DIR');
  assert.ok(
    process.env.BIENVENUE_TEST_CHROMIUM,
    'BIENVENUE_TEST_CHROMIUM must name the chromium executable',
  );
  await mkdir(shots, { recursive: true });
  const profiles = [await mkdtemp(join(tmpdir(), 'bienvenue-chromium-'))];
  const contexts = [await launch(profiles[0], base, {}, args)];
  const context = contexts[0];
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const logged = [];
  const pageErrors = [];
  const watch = (watched) => {
    watched.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        logged.push(`${message.type()}: ${message.text()}`);
      }
    });
    watched.on('pageerror', (error) => pageErrors.push(String(error)));
  };
  watch(page);
  const another = async (options = {}) => {
    const folder = await mkdtemp(join(tmpdir(), 'bienvenue-chromium-'));
    profiles.push(folder);
    const other = await launch(folder, base, options, args);
    contexts.push(other);
    other.setDefaultTimeout(15_000);
    const otherPage = other.pages()[0] ?? (await other.newPage());
    watch(otherPage);
    return otherPage;
  };
  const screenshot = (what) =>
    page.screenshot({ path: join(shots, `${name}-${what}.png`), fullPage: true });
  // A state worth a screenshot is worth an accessibility check: of the service's pages, not of
  // the stand-in pages of other sites some scenarios open.
  const shot = async (what) => {
    await screenshot(what);
    if (new URL(page.url()).origin === new URL(base).origin) {
      await checkAccessibility(page, `${name}-${what}`);
    }
  };
  const step = (what) => console.log(`- ${what}`);
  try {
    await body({ page, context, base, shot, step, console: logged, another });
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    const unexpected = logged.filter(
      (line) =>
        /Content.Security.Policy/i.test(line) ||
        !(expectFailedRequests && FAILED_REQUEST.test(line.replace(/^error: /, ''))),
    );
    assert.deepEqual(unexpected, [], 'errors in the console');
    console.log(`PASSED ${name}`);
  } catch (error) {
    await screenshot('failure').catch(() => {});
    console.log(`FAILED ${name}: ${error.stack ?? error}`);
    console.log(`console: ${JSON.stringify(logged)}`);
    process.exitCode = 1;
  } finally {
    for (const opened of contexts) {
      await opened.close();
    }
    for (const folder of profiles) {
      await rm(folder, { recursive: true, force: true });
    }
  }
}
