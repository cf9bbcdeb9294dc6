// The verify page with a real link, mailed by a production service (--require-verified-email) to
// an in-process SMTP server; the test passes the link's path in BIENVENUE_VERIFY_LINK. Opening it
// confirms nothing (no request to /verify_email, the login still refused), the page names the
// address, and the press of its button confirms it: then the login works.

import assert from 'node:assert/strict';
import { scenario, textIn } from './lib.mjs';

await scenario('verify-click', async ({ page, shot, step }) => {
  const link = process.env.BIENVENUE_VERIFY_LINK;
  const email = process.env.BIENVENUE_VERIFY_EMAIL;
  const password = process.env.BIENVENUE_VERIFY_PASSWORD;
  assert.ok(link && email && password, 'the test passes the link, the email and the password');
  const verifications = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/verify_email') {
      verifications.push(request.method());
    }
  });
  const login = () => page.request.post('/sessions', { form: { email, password } });

  step('opening the mailed link confirms nothing');
  await page.goto(link);
  const confirm = page.getByRole('button', { name: 'Confirm this address' });
  await confirm.waitFor();
  await textIn(page.locator('#verify-lead'), `Confirm that ${email} is your email address.`);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(verifications, [], 'no request to /verify_email before the press');
  const before = await login();
  assert.equal(before.status(), 403, await before.text());
  await shot('opened');

  step('the press confirms it, and the login works');
  await confirm.click();
  await textIn(page.locator('#status'), 'Your email address is confirmed.');
  assert.deepEqual(verifications, ['POST']);
  const after = await login();
  assert.equal(after.status(), 200, await after.text());
  await shot('confirmed');
});
