// Back to the app: a login, a sign-up and a logout opened with ?return_to= end at that address
// when the server allows it (here the service's own origin), and at the profile when it does not
// (another origin, a scheme-relative URL). Opened logged in, the login and sign-up pages go there
// at once (a 302 from the server), unless prompt=login asks for the form. The pages carry
// return_to from one page to the next, through a sign-up and a password reset (development: the
// forgot page goes on to the reset page).

import assert from 'node:assert/strict';
import { newEmail, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'b4l0u b4l0u b4l0u';

/** The login page opened with `returnTo`, then `email` logged in on it. */
async function logInReturningTo(page, returnTo, email) {
  await page.goto(`/ui/login?return_to=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function logOut(page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/ui/login');
}

await scenario('return-to', async ({ page, base, shot, step }) => {
  const others = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(base)) {
      others.push(request.url());
    }
  });
  const email = await register(page, 'ada', PASSWORD);

  step('a login with an allowed return_to lands there');
  const own = `${base}/ui/profile?x`;
  await logInReturningTo(page, own, email);
  await page.waitForURL(own);
  await textIn(page.locator('#account-email'), email);
  await shot('landed');

  step('the login and sign-up pages opened logged in go straight on, unless prompt=login');
  const later = `${base}/ui/profile?again`;
  const bounced = await page.goto(`/ui/login?return_to=${encodeURIComponent(later)}`);
  assert.equal(page.url(), later);
  const hops = [];
  for (let hop = bounced.request().redirectedFrom(); hop; hop = hop.redirectedFrom()) {
    hops.unshift(new URL(hop.url()).pathname);
  }
  assert.deepEqual(hops, ['/ui/login', '/ui/return'], 'redirects by the server');
  await textIn(page.locator('#account-email'), email);
  await page.goto('/ui/signup');
  assert.equal(page.url(), `${base}/ui/profile`);
  await page.goto(`/ui/login?prompt=login&return_to=${encodeURIComponent(later)}`);
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await page.goto('/ui/profile');
  await logOut(page);

  step("the login page's links keep the return_to");
  await page.goto(`/ui/login?return_to=${encodeURIComponent(own)}`);
  const signup = page.getByRole('link', { name: 'Create an account' });
  assert.equal(await signup.getAttribute('href'), `/ui/signup?return_to=${encodeURIComponent(own)}`);

  step('another origin lands on the profile');
  await logInReturningTo(page, 'https://evil.example/', email);
  await page.waitForURL(`${base}/ui/profile`);
  await textIn(page.locator('#account-email'), email);
  await logOut(page);

  step('a scheme-relative URL lands on the profile');
  await logInReturningTo(page, '//evil.example/ui/profile', email);
  await page.waitForURL(`${base}/ui/profile`);
  await logOut(page);

  step('a sign-up carries the return_to to the login, which follows it');
  const fresh = newEmail('grace');
  const afterSignup = `${base}/ui/profile?from=signup`;
  await page.goto(`/ui/signup?return_to=${encodeURIComponent(afterSignup)}`);
  await page.getByLabel('Email').fill(fresh);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`**/ui/login?return_to=${encodeURIComponent(afterSignup)}`);
  await textIn(page.locator('#status'), 'Your account is created');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(afterSignup);
  await textIn(page.locator('#account-email'), fresh);

  step('a logout from a profile opened with a return_to goes there');
  const afterLogout = `${base}/ui/login?bye`;
  await page.goto(`/ui/profile?return_to=${encodeURIComponent(afterLogout)}`);
  await textIn(page.locator('#account-email'), fresh);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(afterLogout);

  step('a forgotten password: the forgot, reset and login pages carry the return_to');
  const afterReset = `${base}/ui/profile?from=reset`;
  const carried = `return_to=${encodeURIComponent(afterReset)}`;
  await page.goto('/ui/login?' + carried);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.waitForURL(`**/ui/forgot?${carried}`);
  await page.getByLabel('Email').fill(fresh);
  await page.getByRole('button', { name: 'Reset my password' }).click();
  await page.waitForURL(`**/ui/reset?${carried}`);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await page.waitForURL(`**/ui/login?${carried}`);
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(afterReset);
  await textIn(page.locator('#account-email'), fresh);

  assert.deepEqual(others, [], 'no request left the service');
});
