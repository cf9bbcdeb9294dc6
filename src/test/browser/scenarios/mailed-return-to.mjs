// A return_to through the reset mail, on a production service that mails to an in-process SMTP
// server; the test runs this scenario twice. First (no BIENVENUE_RESET_LINK): the login page
// opened with ?return_to=, its "Forgot your password?" link, and the forgot page asking for the
// mail, its POST carrying the return_to. Then, with the mailed link's path in BIENVENUE_RESET_LINK:
// the reset page it opens, the login page it goes on to, and the landing at the return address.

import assert from 'node:assert/strict';
import { scenario, textIn } from './lib.mjs';

const email = process.env.BIENVENUE_RESET_EMAIL;
const returnTo = process.env.BIENVENUE_RESET_RETURN_TO;
const link = process.env.BIENVENUE_RESET_LINK;
const newPassword = process.env.BIENVENUE_RESET_PASSWORD;
const carried = `return_to=${encodeURIComponent(returnTo)}`;

async function askForTheMail({ page, shot, step }) {
  const asked = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/reset_password') {
      asked.push(new URLSearchParams(request.postData() ?? ''));
    }
  });

  step('the login page opened with a return_to leads to the forgot page with it');
  await page.goto(`/ui/login?${carried}`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.waitForURL(`**/ui/forgot?${carried}`);

  step('the forgot page asks for the mail with the return_to');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Reset my password' }).click();
  await textIn(page.locator('#status'), 'If an account uses this email');
  assert.equal(asked.length, 1, 'one POST /reset_password');
  assert.equal(asked[0].get('email'), email);
  assert.equal(asked[0].get('return_to'), returnTo);
  await shot('asked');
}

async function followTheLink({ page, base, shot, step }) {
  step('the mailed link opens the reset page with the return_to, the secret out of the address');
  await page.goto(link);
  await page.waitForURL(`**/ui/reset?${carried}`);
  assert.ok(!page.url().includes('token'), `no token in ${page.url()}`);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Repeat the new password').fill(newPassword);
  await page.getByRole('button', { name: 'Save new password' }).click();

  step('the login page it goes on to lands at the return address');
  await page.waitForURL(`**/ui/login?${carried}`);
  assert.equal(await page.getByLabel('Email').inputValue(), email);
  await page.getByLabel('Password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(new URL(returnTo, base).href);
  await textIn(page.locator('#account-email'), email);
  await shot('landed');
}

await scenario('mailed-return-to', async (context) => {
  assert.ok(email && returnTo && newPassword, 'the test passes the email, return_to and password');
  await (link ? followTheLink(context) : askForTheMail(context));
});
