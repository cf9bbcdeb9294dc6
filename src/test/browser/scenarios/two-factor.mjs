// A person turns two-step login on from the profile page (the password, the QR code, the key as text, a code
// from the app to confirm, then the ten recovery codes shown once), logs in with a code, then with
// a recovery code (which works once), and turns two-step login off again.

import assert from 'node:assert/strict';
import {
  checkAccessibility,
  focusOn,
  logIn,
  register,
  scenario,
  serviceNow,
  textIn,
  totpCode,
} from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const STEP = 30_000;

/** Logs in on the login page with the password, then `code` in the code field. */
async function logInWithCode(page, email, code, { recovery = false } = {}) {
  await page.goto('/ui/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await textIn(page.locator('#error'), 'two-step login');
  if (recovery) {
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  }
  await page.locator('#otp').fill(code);
  await page.getByRole('button', { name: 'Log in' }).click();
}

await scenario(
  'two-factor',
  async ({ page, shot, step }) => {
    const email = await register(page, 'jo', PASSWORD);
    await logIn(page, email, PASSWORD);
    const section = page.locator('#twofactor');
    const error = page.locator('#twofactor-error');
    const now = await serviceNow(page.request);

    step('while it is off, only setting it up is offered');
    const setUp = section.getByRole('button', { name: 'Set up two-step login' });
    const turnOff = section.getByRole('button', { name: 'Turn off two-step login' });
    await turnOff.waitFor({ state: 'hidden' });
    assert.equal(await setUp.isVisible(), true);

    step('set up: the password first; a wrong one is explained');
    await setUp.click();
    await focusOn(page, 'totp-start-password');
    const startForm = section.locator('#totp-start-form');
    const password = startForm.getByLabel('Password');
    assert.equal(await password.getAttribute('autocomplete'), 'current-password');
    await password.fill('not my password at all');
    await startForm.getByRole('button', { name: 'Continue' }).click();
    await textIn(error, 'Your password is not right.');
    await checkAccessibility(page, 'twofactor-wrong-password');

    step('then the QR code (a data: image the policy allows) and the key as text');
    await password.fill(PASSWORD);
    await startForm.getByRole('button', { name: 'Continue' }).click();
    const qr = section.getByRole('img', { name: 'QR code to scan with your authenticator app' });
    await qr.waitFor();
    assert.match(await qr.getAttribute('src'), /^data:image\/(svg\+xml|png)/);
    await page.waitForFunction(() => document.getElementById('totp-qr').naturalWidth > 0);
    const secret = (await section.locator('#totp-secret').textContent()).replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}=*$/);
    await focusOn(page, 'totp-code');
    assert.equal(await section.locator('#twofactor-actions').isHidden(), true);
    const code = section.getByLabel('Enter the code the app shows');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    await shot('enrol');

    step('a wrong code is explained');
    const right = totpCode(secret, now);
    await code.fill(`${(Number(right[0]) + 5) % 10}${right.slice(1)}`);
    await section.getByRole('button', { name: 'Turn on two-step login' }).click();
    await textIn(error, 'That one-time code is not right.');
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    await checkAccessibility(page, 'twofactor-wrong-code');

    step('the right code: on, and the ten recovery codes, once');
    await code.fill(right);
    await section.getByRole('button', { name: 'Turn on two-step login' }).click();
    await textIn(section.locator('#totp-recovery'), 'Save these recovery codes now.');
    await focusOn(page, 'totp-recovery-lead');
    await textIn(page.locator('#twofactor-status'), 'Two-step login is on, and you are logged out');
    const recoveryCodes = await section.locator('#totp-codes li').allTextContents();
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    assert.equal(await section.locator('#totp-enrol-form').isHidden(), true);
    assert.equal(await section.locator('#twofactor-actions').isHidden(), true);
    await shot('recovery-codes');
    await section.getByRole('button', { name: 'I have saved them' }).click();
    assert.equal(await section.locator('#totp-codes li').count(), 0);
    await textIn(page.locator('#twofactor-status'), 'from now on, logging in asks for a code');

    step('while it is on, only turning it off is offered, after a reload too');
    assert.equal(await setUp.isHidden(), true);
    assert.equal(await turnOff.isVisible(), true);
    await page.reload();
    await turnOff.waitFor();
    assert.equal(await setUp.isHidden(), true);

    step('log out; the password and a code from the app log in');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/login');
    await logInWithCode(page, email, totpCode(secret, now + STEP));
    await page.waitForURL('**/ui/profile');

    step('log out; a recovery code logs in, once');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/login');
    await logInWithCode(page, email, recoveryCodes[0], { recovery: true });
    await page.waitForURL('**/ui/profile');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/login');
    await logInWithCode(page, email, recoveryCodes[0], { recovery: true });
    await textIn(page.locator('#error'), 'That recovery code is not right, or was used already');
    await checkAccessibility(page, 'login-used-recovery-code');
    await page.locator('#otp').fill(recoveryCodes[1]);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/ui/profile');

    step('turn it off: the password is checked, a recovery code stands for the code');
    await section.getByRole('button', { name: 'Turn off two-step login' }).click();
    await focusOn(page, 'totp-off-password');
    const off = section.locator('#totp-off-form');
    await off.getByLabel('Password').fill('not my password');
    await off.getByLabel('Code from your app, or a recovery code').fill(recoveryCodes[2]);
    await off.getByRole('button', { name: 'Turn off two-step login' }).click();
    await textIn(error, 'Your password is not right.');
    await checkAccessibility(page, 'twofactor-off-wrong-password');
    await off.getByLabel('Password').fill(PASSWORD);
    await off.getByRole('button', { name: 'Turn off two-step login' }).click();
    await textIn(page.locator('#twofactor-status'), 'Two-step login is off');
    await checkAccessibility(page, 'twofactor-off');
    assert.equal(await setUp.isVisible(), true);
    assert.equal(await turnOff.isHidden(), true);

    step('the password alone logs in again');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/login');
    await logIn(page, email, PASSWORD);
  },
  { expectFailedRequests: true },
);
