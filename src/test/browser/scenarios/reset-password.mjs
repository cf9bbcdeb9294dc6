// A person who forgot the password asks for a reset, chooses a new password on the reset page
// (development mode: the service hands the token to the forgot page, which goes on to the reset
// page as the mailed link would), and logs in with it; a bad link is explained.

import assert from 'node:assert/strict';
import {
  checkAccessibility,
  newEmail,
  onlyTheNewPasswordLogsIn,
  register,
  scenario,
  textIn,
} from './lib.mjs';

const OLD = 'b4l0u b4l0u b4l0u';
const NEW = 't4rt1fl3tt3 t4rt1fl3tt3';

await scenario(
  'reset-password',
  async ({ page, shot, step }) => {
    const email = await register(page, 'carol', OLD);

    step('an unknown email on the forgot page');
    await page.goto('/ui/forgot');
    await page.getByLabel('Email').fill(newEmail('nobody'));
    await page.getByRole('button', { name: 'Reset my password' }).click();
    await textIn(page.locator('#error'), 'No account is registered with this email.');
    await checkAccessibility(page, 'forgot-unknown-email');

    step('ask for a reset');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Reset my password' }).click();

    step('the reset page, its token taken out of the address bar');
    await page.waitForURL('**/ui/reset');
    assert.ok(!page.url().includes('#'), `the fragment is gone from ${page.url()}`);
    assert.ok(!page.url().includes('token'), `no token in ${page.url()}`);
    await textIn(page.locator('#for-account'), email);

    step('two different passwords are refused before sending');
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('Repeat the new password').fill(`${NEW}!`);
    await page.getByRole('button', { name: 'Save new password' }).click();
    await textIn(page.locator('#error'), 'The two passwords differ.');
    await checkAccessibility(page, 'reset-passwords-differ');

    step('the new password, twice');
    await page.getByLabel('Repeat the new password').fill(NEW);
    await shot('reset');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.waitForURL('**/ui/login');
    await textIn(page.locator('#status'), 'Your password is changed.');
    assert.equal(await page.getByLabel('Email').inputValue(), email);

    step('the old password no longer works; the new one does');
    await onlyTheNewPasswordLogsIn(page, email, OLD, NEW);

    step('a link with a token that is not valid');
    await page.goto(`/ui/reset#email=${encodeURIComponent(email)}&token=not-a-token`);
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('Repeat the new password').fill(NEW);
    await page.getByRole('button', { name: 'Save new password' }).click();
    await textIn(page.locator('#error'), 'This reset link is invalid or has expired');
    await checkAccessibility(page, 'reset-invalid-link');

    step('the reset page without its link');
    await page.goto('/ui/reset');
    await textIn(page.locator('#error'), 'opens from the link in the password-reset e-mail');
    assert.equal(await page.locator('#reset-form').isHidden(), true);
    await checkAccessibility(page, 'reset-without-link');
  },
  { expectFailedRequests: true },
);
