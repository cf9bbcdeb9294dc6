// The pages under a base path (the service started with --base-path /auth, as a proxy mounts it):
// a person signs up, logs in, sees the profile and logs out, every page, script, style, icon and
// API call of the way under /auth, and the links and the return_to they carry too.

import assert from 'node:assert/strict';
import { newEmail, scenario, textIn } from './lib.mjs';

const PREFIX = '/auth';
const PASSWORD = 'correct horse battery staple';

await scenario(
  'base-path',
  async ({ page, base, shot, step }) => {
    const outside = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== base || !url.pathname.startsWith(`${PREFIX}/`)) {
        outside.push(request.url());
      }
    });
    const email = newEmail('ada');

    step('sign up under the prefix');
    await page.goto(`${PREFIX}/ui/signup`);
    assert.equal(await page.locator('html').getAttribute('data-base-path'), PREFIX);
    assert.equal(await page.locator('a.brand').getAttribute('href'), `${PREFIX}/ui`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await shot('signup');
    await page.getByRole('button', { name: 'Create account' }).click();

    step('the login page under the prefix says the account is created');
    await page.waitForURL(`**${PREFIX}/ui/login`);
    await textIn(page.locator('#status'), 'Your account is created');
    assert.equal(
      await page.getByRole('link', { name: 'Create an account' }).getAttribute('href'),
      `${PREFIX}/ui/signup`,
    );

    step('log in: the profile under the prefix shows the email');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`**${PREFIX}/ui/profile`);
    await textIn(page.locator('#account-email'), email);
    await textIn(page.locator('#session-list'), 'This device');
    await shot('profile');

    step('log out: back to the login page under the prefix');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`**${PREFIX}/ui/login`);
    await textIn(page.locator('#status'), 'You are logged out');

    step('the session is over: the profile page sends to the login page under the prefix');
    await page.goto(`${PREFIX}/ui/profile`);
    await page.waitForURL(`**${PREFIX}/ui/login`);
    await textIn(page.locator('#status'), 'Please log in');

    step('a login with a return_to keeps it in the links and lands there');
    const back = `${base}${PREFIX}/ui/profile?x`;
    await page.goto(`${PREFIX}/ui/login?return_to=${encodeURIComponent(back)}`);
    assert.equal(
      await page.getByRole('link', { name: 'Create an account' }).getAttribute('href'),
      `${PREFIX}/ui/signup?return_to=${encodeURIComponent(back)}`,
    );
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(back);
    await textIn(page.locator('#account-email'), email);

    step('/ui leads to the profile under the prefix with a session');
    await page.goto(`${PREFIX}/ui`);
    await page.waitForURL(`**${PREFIX}/ui/profile`);

    step('outside the prefix there are no pages');
    const unprefixed = await page.request.get('/ui/login');
    assert.equal(unprefixed.status(), 404);
    assert.deepEqual(await unprefixed.json(), { message: 'not found' });

    step('every request the pages made was under the prefix');
    assert.deepEqual(outside, []);
  },
  { expectFailedRequests: true },
);
