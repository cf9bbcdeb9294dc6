// Logging in and out with the keyboard alone: Tab to each field, type, Enter to submit; a wrong
// password puts the focus on the message; the profile's log-out button is reached with Tab.

import assert from 'node:assert/strict';
import { focusOn, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';

/** Presses Tab until the element with id `id` has the focus, at most ten times. */
async function tabTo(page, id) {
  for (let presses = 0; presses < 10; presses++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}`);
}

await scenario(
  'keyboard-login',
  async ({ page, shot, step }) => {
    const email = await register(page, 'eve', PASSWORD);
    await page.goto('/ui/login');

    step('Tab to the email field and type it; Tab to the password, which is next');
    await tabTo(page, 'email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await focusOn(page, 'password');

    step('a wrong password and Enter: the focus moves to the message');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await textIn(page.locator('#error'), 'The email or password is incorrect.');
    await focusOn(page, 'error');
    await shot('error-focused');

    step('from the message, Tab to the email, then the password; replace it; Enter');
    await page.keyboard.press('Tab');
    await focusOn(page, 'email');
    await page.keyboard.press('Tab');
    await focusOn(page, 'password');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/ui/profile');
    await textIn(page.locator('#account-email'), email);

    step('the heading has the focus; Tab reaches the log-out button; Enter logs out');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await tabTo(page, 'logout');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/ui/login');
    await textIn(page.locator('#status'), 'You are logged out');
    await focusOn(page, 'password');
  },
  { expectFailedRequests: true },
);
