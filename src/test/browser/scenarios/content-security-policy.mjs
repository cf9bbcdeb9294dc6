// Every page and asset carries the strict Content-Security-Policy and its content type; the JSON
// API keeps its own headers; no page logs an error or a policy violation in use, nor while axe
// checks its accessibility (axe goes in past the policy, which stays on); and the policy is really
// enforced: an inline script added to a page does not run.

import assert from 'node:assert/strict';
import { checkAccessibility, register, scenario } from './lib.mjs';

const POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;" +
  " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const JSON_POLICY = "default-src 'none'; frame-ancestors 'none'";
const PAGES = ['/ui/signup', '/ui/login', '/ui/forgot', '/ui/reset', '/ui/verify', '/ui/profile'];
const ASSETS = {
  '/ui/assets/style.css': /^text\/css; ?charset=utf-8$/,
  '/ui/assets/login.js': /^text\/javascript; ?charset=utf-8$/,
  '/ui/assets/profile.js': /^text\/javascript; ?charset=utf-8$/,
  '/ui/assets/icon.svg': /^image\/svg\+xml$/,
};

await scenario('content-security-policy', async ({ page, shot, step, console: logged }) => {
  step('log in through the API (the profile page then loads without a failed request)');
  const password = 'correct horse battery staple';
  const email = await register(page, 'dan', password);
  const login = await page.request.post('/sessions', { form: { email, password } });
  assert.equal(login.status(), 200);

  for (const path of PAGES) {
    step(`${path}: its headers, and it loads cleanly`);
    const response = await page.goto(path, { waitUntil: 'networkidle' });
    const headers = response.headers();
    assert.equal(response.status(), 200, path);
    assert.equal(headers['content-security-policy'], POLICY, path);
    assert.match(headers['content-type'], /^text\/html; ?charset=utf-8$/, path);
    assert.equal(headers['x-frame-options'], 'DENY', path);
    assert.equal(headers['x-content-type-options'], 'nosniff', path);
    assert.equal(headers['cache-control'], 'no-store', path);
    assert.equal(
      await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
      'rgb(243, 245, 249)',
      `${path}: the style sheet applies`,
    );
    await checkAccessibility(page, path);
  }
  await page.locator('#account-email').waitFor();
  await shot('profile');

  for (const [path, type] of Object.entries(ASSETS)) {
    step(`${path}: ${type.source}`);
    const response = await page.request.get(path);
    assert.equal(response.status(), 200, path);
    assert.match(response.headers()['content-type'], type, path);
    assert.equal(response.headers()['content-security-policy'], POLICY, path);
  }

  step('the JSON API keeps its own policy');
  const api = await page.request.get('/');
  assert.equal(api.headers()['content-security-policy'], JSON_POLICY);
  assert.match(api.headers()['content-type'], /^application\/json/);

  step('no page logged an error or a policy violation');
  assert.deepEqual(logged, []);

  step('the policy is enforced: an inline script added to the page does not run');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.body.append(script);
  });
  await page.waitForFunction(() => true);
  assert.equal(await page.evaluate(() => window.inlineRan === true), false);
  assert.equal(logged.length, 1, JSON.stringify(logged));
  assert.match(logged[0], /Content Security Policy/);
  logged.length = 0;
});
