// A person changes the password on the profile page: a wrong current password and two different
// new ones are explained; the change ends the other device's session and keeps this one; then the
// old password fails and the new one logs in.

import assert from 'node:assert/strict';
import {
  checkAccessibility,
  focusOn,
  logIn,
  onlyTheNewPasswordLogsIn,
  register,
  scenario,
  textIn,
} from './lib.mjs';

const OLD = 'correct horse battery staple';
const NEW = 'purple monkey dishwasher lamp';

await scenario(
  'change-password',
  async ({ page, shot, step, another }) => {
    const email = await register(page, 'gus', OLD);
    const phone = await another();
    await logIn(phone, email, OLD);
    await logIn(page, email, OLD);
    const section = page.locator('#password');
    const error = page.locator('#password-error');
    const current = section.getByLabel('Current password');
    const next = section.getByLabel('New password', { exact: true });
    const repeat = section.getByLabel('Repeat the new password');
    const change = section.getByRole('button', { name: 'Change password' });
    assert.equal(await current.getAttribute('autocomplete'), 'current-password');
    assert.equal(await next.getAttribute('autocomplete'), 'new-password');
    assert.equal(await repeat.getAttribute('autocomplete'), 'new-password');

    step('a wrong current password: said, the field marked, the focus on the message');
    await current.fill('not my password');
    await next.fill(NEW);
    await repeat.fill(NEW);
    await change.click();
    await textIn(error, 'Your current password is not right.');
    await focusOn(page, 'password-error');
    assert.equal(await current.getAttribute('aria-invalid'), 'true');
    assert.match(await current.getAttribute('aria-describedby'), /\bpassword-error\b/);
    await checkAccessibility(page, 'password-wrong-current');

    step('two different new passwords are refused before sending');
    await current.fill(OLD);
    await repeat.fill(`${NEW}!`);
    await change.click();
    await textIn(error, 'The two new passwords differ.');
    await checkAccessibility(page, 'password-new-differ');

    step('the change: this device stays logged in, the other one is logged out');
    await repeat.fill(NEW);
    await change.click();
    await textIn(section.locator('#password-status'), 'Every other device');
    assert.equal(await error.textContent(), '');
    assert.equal(await current.inputValue(), '');
    await page.locator('#session-list li').first().waitFor();
    assert.equal(await page.locator('#session-list li').count(), 1);
    await shot('changed');
    await page.reload();
    await textIn(page.locator('#account-email'), email);
    await phone.goto('/ui/profile');
    await phone.waitForURL('**/ui/login');
    await textIn(phone.locator('#status'), 'Please log in');

    step('log out; the old password fails, the new one logs in');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/login');
    await onlyTheNewPasswordLogsIn(page, email, OLD, NEW);
  },
  { expectFailedRequests: true },
);
