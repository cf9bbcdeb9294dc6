// A person deletes the account from the profile page: a confirmation step (the password and a box
// to tick), a wrong password explained, then the sign-up page says it is done, the old password
// logs in no more, and the same email can sign up again.

import assert from 'node:assert/strict';
import { checkAccessibility, focusOn, logIn, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';

await scenario(
  'delete-account',
  async ({ page, shot, step }) => {
    const email = await register(page, 'ivy', PASSWORD);
    await logIn(page, email, PASSWORD);
    const section = page.locator('#deletion');
    const password = section.getByLabel('Password');
    const confirm = section.getByLabel('I understand');
    const destroy = section.getByRole('button', { name: 'Delete my account for good' });

    step('the first button only opens the confirmation step, and Cancel closes it');
    assert.equal(await destroy.isHidden(), true);
    await section.getByRole('button', { name: 'Delete my account…' }).click();
    await focusOn(page, 'delete-password');
    assert.equal(await password.getAttribute('autocomplete'), 'current-password');
    await section.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await destroy.isHidden(), true);
    await focusOn(page, 'delete-start');
    await section.getByRole('button', { name: 'Delete my account…' }).click();

    step('the box must be ticked');
    await password.fill(PASSWORD);
    await destroy.click();
    await textIn(page.locator('#deletion-error'), 'Tick the box to confirm');
    assert.equal(await confirm.getAttribute('aria-invalid'), 'true');
    await checkAccessibility(page, 'delete-unticked');

    step('a wrong password deletes nothing');
    await confirm.check();
    await password.fill('not my password');
    await destroy.click();
    await textIn(page.locator('#deletion-error'), 'Your password is not right');
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    await password.fill(PASSWORD);
    await shot('confirm');

    step('deleted: the sign-up page says so');
    await destroy.click();
    await page.waitForURL('**/ui/signup');
    await textIn(page.locator('#status'), 'Your account is deleted');
    await checkAccessibility(page, 'signup-account-deleted');

    step('the old account logs in no more');
    const login = await page.request.post('/sessions', { form: { email, password: PASSWORD } });
    assert.equal(login.status(), 401);

    step('the same email signs up again');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/ui/login');
    await textIn(page.locator('#status'), 'Your account is created');
  },
  { expectFailedRequests: true },
);
