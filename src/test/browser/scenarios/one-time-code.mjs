// The one-time-code step of login, against the real API: for an account with two-step login on
// (turned on through the API here; two-factor.mjs does it on the profile page), the password alone
// makes the page ask for the code; an empty and a wrong code are explained; the right code logs
// in, and the same code a second time is refused (no replay); a recovery code logs in too.

import assert from 'node:assert/strict';
import {
  checkAccessibility,
  enableTotp,
  focusOn,
  register,
  scenario,
  textIn,
  totpCode,
} from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const STEP = 30_000;

await scenario(
  'one-time-code',
  async ({ page, shot, step }) => {
    const email = await register(page, 'fay', PASSWORD);
    const login = await page.request.post('/sessions', { form: { email, password: PASSWORD } });
    assert.equal(login.status(), 200);
    const { secret, recoveryCodes, now } = await enableTotp(page.request, PASSWORD);
    const logout = await page.request.delete('/sessions', { maxRedirects: 0 });
    assert.equal(logout.status(), 302);
    // The code of the time step after the one that confirmed the enrolment (that one is used).
    const code = totpCode(secret, now + STEP);
    const sent = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/sessions') && request.method() === 'POST') {
        sent.push(Object.fromEntries(new URLSearchParams(request.postData() ?? '')));
      }
    });

    await page.goto('/ui/login');
    const otp = page.locator('#otp');
    const submit = page.getByRole('button', { name: 'Log in' });
    assert.equal(await otp.isHidden(), true);

    step('email and password: the code is asked for');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await submit.click();
    await textIn(page.locator('#error'), 'enter the code from your authenticator app');
    await otp.waitFor();
    const label = page.getByLabel('One-time code');
    assert.equal(await label.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await otp.getAttribute('inputmode'), 'numeric');
    assert.equal(await otp.getAttribute('aria-invalid'), 'true');
    await focusOn(page, 'error');
    assert.equal(sent[0].otp, undefined);

    step('an empty code is asked for before sending');
    await submit.click();
    await textIn(page.locator('#error'), 'Please enter the one-time code.');
    assert.equal(sent.length, 1);
    await checkAccessibility(page, 'login-empty-code');

    step('a wrong code');
    const wrong = `${(Number(code[0]) + 5) % 10}${code.slice(1)}`;
    await otp.fill(wrong);
    await submit.click();
    await textIn(page.locator('#error'), 'That one-time code is not right.');
    assert.deepEqual(sent[1], { email, password: PASSWORD, otp: wrong });
    await shot('code');

    step('the right code: logged in');
    await otp.fill(code);
    await submit.click();
    await page.waitForURL('**/ui/profile');
    await textIn(page.locator('#account-email'), email);
    assert.equal(sent[2].otp, code);

    step('log out; the same code again is refused: a code works once');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/login');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await submit.click();
    await otp.waitFor();
    await otp.fill(code);
    await submit.click();
    await textIn(page.locator('#error'), 'That one-time code is not right.');

    step('a recovery code instead: the field changes, and the code logs in');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    const recovery = page.getByLabel('Recovery code');
    await focusOn(page, 'otp');
    assert.equal(await page.locator('#error').textContent(), '');
    assert.equal(await recovery.getAttribute('aria-invalid'), null);
    assert.equal(await recovery.getAttribute('inputmode'), 'text');
    assert.equal(await recovery.getAttribute('autocomplete'), 'off');
    await textIn(page.locator('#otp-hint'), 'each works once');
    await recovery.fill(recoveryCodes[0].toUpperCase());
    await shot('recovery-code');
    await submit.click();
    await page.waitForURL('**/ui/profile');
    await textIn(page.locator('#account-email'), email);
  },
  { expectFailedRequests: true },
);
