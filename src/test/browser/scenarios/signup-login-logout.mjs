// A person signs up, logs in, sees the profile, and logs out; signing up again with the same email
// is refused in words.

import assert from 'node:assert/strict';
import { checkAccessibility, newEmail, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';

await scenario(
  'signup-login-logout',
  async ({ page, shot, step }) => {
    const email = newEmail('ada');

    step('sign up');
    await page.goto('/ui/signup');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await shot('signup');
    await page.getByRole('button', { name: 'Create account' }).click();

    step('the login page says the account is created, with the email filled in');
    await page.waitForURL('**/ui/login');
    await textIn(page.locator('#status'), 'Your account is created');
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    await checkAccessibility(page, 'login-account-created');

    step('log in');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();

    step('the profile shows the email');
    await page.waitForURL('**/ui/profile');
    await textIn(page.locator('#account-email'), email);
    await shot('profile');

    step('log out');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/login');
    await textIn(page.locator('#status'), 'You are logged out');
    await checkAccessibility(page, 'login-logged-out');

    step('the session is over: the profile page sends to the login page');
    await page.goto('/ui/profile');
    await page.waitForURL('**/ui/login');
    await textIn(page.locator('#status'), 'Please log in');

    step('/ui leads to the login page without a session');
    await page.goto('/ui');
    await page.waitForURL('**/ui/login');

    step('signing up again with the same email is refused');
    await page.goto('/ui/signup');
    await page.getByLabel('Email').fill(email.toUpperCase());
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await textIn(page.locator('#error'), 'An account with this email already exists');
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    await checkAccessibility(page, 'signup-email-taken');
  },
  { expectFailedRequests: true },
);
