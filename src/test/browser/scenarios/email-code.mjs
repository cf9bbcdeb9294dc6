// Login by a code sent by e-mail, on a production service that mails to an in-process SMTP
// server; the test runs this scenario twice. First (no BIENVENUE_CODE_LINK): the login page's
// "Email me a code instead", the email typed once, the code asked for, and "Send another code",
// which asks again (the test then takes the second mail's link). Then, with the mailed
// link's path in BIENVENUE_CODE_LINK: the login page it opens shows the code filled in, the secret
// out of the address bar, and logs in only when Log in is pressed.

import assert from 'node:assert/strict';
import { checkAccessibility, scenario, textIn } from './lib.mjs';

const email = process.env.BIENVENUE_CODE_EMAIL;
const link = process.env.BIENVENUE_CODE_LINK;

async function askForTheCode({ page, shot, step }) {
  const asked = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/sessions/email_code') {
      asked.push(new URLSearchParams(request.postData() ?? ''));
    }
  });

  step('"Email me a code instead" keeps the email typed and asks for the code');
  await page.goto('/ui/login');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a code instead' }).click();
  assert.equal(await page.getByLabel('Email').inputValue(), email);
  assert.equal(await page.getByLabel('Password', { exact: true }).isVisible(), false);
  await page.getByRole('button', { name: 'Email me a code', exact: true }).click();
  await textIn(page.locator('#status'), 'If an account uses this email, a code is on its way');
  assert.equal(asked.length, 1, 'one POST /sessions/email_code');
  assert.equal(asked[0].get('email'), email);
  assert.ok(await page.getByLabel('Code from the mail').isVisible(), 'the code field shows');
  await shot('asked');

  step('"Send another code" asks again for the same email, and says so without telling more');
  await page.getByLabel('Code from the mail').fill('12345678');
  await page.getByRole('button', { name: 'Send another code' }).click();
  await textIn(page.locator('#status'), 'a new code is on its way, and the one sent before');
  assert.equal(asked.length, 2, 'a second POST /sessions/email_code');
  assert.equal(asked[1].get('email'), email);
  assert.equal(await page.getByLabel('Code from the mail').inputValue(), '');
  assert.ok(await page.getByRole('button', { name: 'Log in', exact: true }).isVisible());
  await checkAccessibility(page, 'email-code-another');
}

async function followTheLink({ page, shot, step }) {
  const verified = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/sessions/email_code/verify') {
      verified.push(request);
    }
  });

  step('the mailed link fills the form in, takes the code out of the address, and sends nothing');
  await page.goto(link);
  await textIn(page.locator('#status'), 'Press Log in to log in with the code from your mail');
  assert.ok(!page.url().includes('token'), `no code in ${page.url()}`);
  assert.equal(await page.getByLabel('Email').inputValue(), email);
  assert.match(await page.getByLabel('Code from the mail').inputValue(), /^\d{8}$/);
  assert.equal(verified.length, 0, 'opening the link logs no one in');
  await shot('filled');

  step('Log in logs in with the code');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL('**/ui/profile');
  await textIn(page.locator('#account-email'), email);
  assert.equal(verified.length, 1, 'one POST /sessions/email_code/verify');
}

await scenario('email-code', async (context) => {
  assert.ok(email, 'the test passes the email');
  await (link ? followTheLink(context) : askForTheCode(context));
});
