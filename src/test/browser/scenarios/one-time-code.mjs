// The one-time-code step of login, ready for two-step login (issue 9). Until the API asks for a
// code, the browser stands in for it: the first two answers to POST /sessions are the 401s the
// API will give ("one-time code required", then "invalid one-time code"); the page must reveal
// the code field and send the code as `otp`. The third attempt goes to the real service, which
// logs in.

import assert from 'node:assert/strict';
import { focusOn, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const ANSWERS = ['one-time code required', 'invalid one-time code'];

await scenario(
  'one-time-code',
  async ({ page, shot, step }) => {
    const email = await register(page, 'fay', PASSWORD);
    const sent = [];
    await page.route('**/sessions', async (route) => {
      sent.push(Object.fromEntries(new URLSearchParams(route.request().postData() ?? '')));
      const message = ANSWERS[sent.length - 1];
      if (message) {
        await route.fulfill({ status: 401, json: { message } });
      } else {
        await route.continue();
      }
    });
    await page.goto('/ui/login');
    const otp = page.getByLabel('One-time code');
    assert.equal(await otp.isHidden(), true);

    step('email and password: the code is asked for');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await textIn(page.locator('#error'), 'enter the code from your authenticator app');
    await otp.waitFor();
    assert.equal(await otp.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await otp.getAttribute('aria-invalid'), 'true');
    await focusOn(page, 'error');
    assert.equal(sent[0].otp, undefined);

    step('an empty code is asked for before sending');
    await page.getByRole('button', { name: 'Log in' }).click();
    await textIn(page.locator('#error'), 'Please enter the one-time code.');
    assert.equal(sent.length, 1);

    step('a wrong code');
    await otp.fill('123456');
    await page.getByRole('button', { name: 'Log in' }).click();
    await textIn(page.locator('#error'), 'That one-time code is not right.');
    assert.deepEqual(sent[1], { email, password: PASSWORD, otp: '123456' });
    await shot('code');

    step('the right code: logged in');
    await otp.fill('654321');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/ui/profile');
    await textIn(page.locator('#account-email'), email);
    assert.equal(sent[2].otp, '654321');
  },
  { expectFailedRequests: true },
);
