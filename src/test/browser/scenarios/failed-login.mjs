// A person fails to log in and reads why: a wrong password, a missing field, an address that is
// not one, too many attempts (with the wait the service asks for), and no network at all.

import assert from 'node:assert/strict';
import { checkAccessibility, focusOn, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';

await scenario(
  'failed-login',
  async ({ page, shot, step }) => {
    const email = await register(page, 'bob', PASSWORD);
    await page.goto('/ui/login');
    const error = page.locator('#error');
    const password = page.getByLabel('Password', { exact: true });
    const submit = page.getByRole('button', { name: 'Log in' });

    step('a wrong password: the message, the field marked, the focus on the message');
    await page.getByLabel('Email').fill(email);
    await password.fill('not the password');
    await submit.click();
    await textIn(error, 'The email or password is incorrect.');
    await focusOn(page, 'error');
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.match(await password.getAttribute('aria-describedby'), /\berror\b/);
    await shot('wrong-password');

    step('a missing password');
    await password.fill('');
    await submit.click();
    await textIn(error, 'Please enter your password.');

    step('an address that is not one');
    await page.getByLabel('Email').fill('not an address');
    await password.fill('x');
    await submit.click();
    await textIn(error, 'does not look like an email address');
    await checkAccessibility(page, 'login-not-an-address');

    step('too many failures: the wait the service asks for, in words');
    await page.getByLabel('Email').fill(email);
    let text = '';
    for (let attempt = 0; attempt < 12 && !text.includes('Too many attempts'); attempt++) {
      await password.fill(`wrong ${attempt}`);
      const answered = page.waitForResponse('**/sessions');
      await submit.click();
      const answer = await answered;
      await page.waitForFunction(() => !document.querySelector('button[type=submit]').disabled);
      text = (await error.textContent()) ?? '';
      if (answer.status() === 429) {
        assert.match(answer.headers()['retry-after'], /^\d+$/);
      }
    }
    assert.match(text, /Too many attempts\. Please wait \d+ minutes? before trying again\./);
    await shot('too-many-attempts');

    step('no network');
    await page.context().setOffline(true);
    await password.fill('anything');
    await submit.click();
    await textIn(error, 'The service could not be reached');
    await checkAccessibility(page, 'login-offline');
    await page.context().setOffline(false);
  },
  { expectFailedRequests: true },
);
