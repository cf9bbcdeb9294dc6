// Passkeys in the real browser, with a CDP virtual authenticator (CTAP2, internal, resident keys,
// user verification) standing in for the device. The test runs this scenario twice, on a service
// at http://localhost:PORT (the relying party id is localhost: an IP address is none).
// First (BIENVENUE_PASSKEY_STEP=register): a person logs in with the password, adds a passkey on
// the profile page and sees it listed, logs out, and is logged in with it by the email field's
// autofill (conditional mediation); logs out again and logs in with "Log in with a passkey",
// which first aborts the autofill's pending request; turns two-step login on and, after the
// password, takes "Use a passkey instead" of a code. The session's cookie is saved to
// BIENVENUE_PASSKEY_COOKIES, and the test moves the service's clock past the five minutes in
// which no password is asked for. Then (BIENVENUE_PASSKEY_STEP=remove), with that session: adding
// a second passkey asks for the password and sends the same passkey again with it; "Remove" asks
// for the password, refuses a wrong one, and removes the first passkey with the right one; and at
// http://127.0.0.1:PORT the pages offer no passkey (the profile says why, the list stays).

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { checkAccessibility, enableTotp, logIn, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const STEP = process.env.BIENVENUE_PASSKEY_STEP;
const COOKIES = process.env.BIENVENUE_PASSKEY_COOKIES;

/**
 * A virtual authenticator on `page`, as a phone or laptop with a screen lock would be; returns
 * { credentials(), wait(), touch() }: its passkeys, and making it wait for a touch before it
 * answers (until touch()), or answer at once. The virtual environment answers the autofill's
 * request at once when it holds a passkey for the site, as if the person had picked it.
 */
async function addAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  const credentials = async () =>
    (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  const presence = (enabled) =>
    cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
  return { credentials, wait: () => presence(false), touch: () => presence(true) };
}

/** Records the requests the page sends to `path`. */
function requestsTo(page, path) {
  const sent = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === path) {
      sent.push(request);
    }
  });
  return sent;
}

async function registerAndLogIn({ page, shot, step }) {
  const authenticator = await addAuthenticator(page);
  const email = await register(page, 'pia', PASSWORD);
  await logIn(page, email, PASSWORD);

  step('the profile has a Passkeys section, empty');
  const section = page.getByRole('region', { name: 'Passkeys' });
  await textIn(section.locator('#passkeys-empty'), 'You have no passkeys yet.');
  await checkAccessibility(page, 'passkeys-empty');

  step('Add a passkey asks a name; the browser makes the passkey; the list shows it');
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  await section.getByLabel('Name of the passkey').fill('Laptop');
  await checkAccessibility(page, 'passkeys-naming');
  await section.getByRole('button', { name: 'Create the passkey' }).click();
  await textIn(page.locator('#passkeys-status'), 'The passkey "Laptop" is added.');
  const item = section.locator('#passkey-list > li').filter({ hasText: 'Laptop' });
  await item.waitFor();
  await textIn(item, 'Not used yet');
  assert.match(await item.locator('time.created').getAttribute('datetime'), /^\d{4}-\d\d-\d\dT/);
  const stored = await authenticator.credentials();
  assert.equal(stored.length, 1, 'one passkey on the authenticator');
  assert.equal(stored[0].rpId, 'localhost');
  assert.equal(stored[0].isResidentCredential, true);
  await shot('added');

  step('log out: the email field offers passkeys, and its autofill logs in with one');
  const options = requestsTo(page, '/sessions/passkey/options');
  const logins = requestsTo(page, '/sessions/passkey');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/ui/login');
  await page.waitForURL('**/ui/profile');
  await textIn(page.locator('#account-email'), email);
  assert.equal(options.length, 1, 'one POST /sessions/passkey/options, for the autofill');
  assert.equal(logins.length, 1, 'one POST /sessions/passkey');
  assert.equal(logins[0].headers()['content-type'], 'application/json');
  assert.ok(JSON.parse(logins[0].postData()).credential.response.authenticatorData);

  step('log out again, the authenticator waiting for a touch: the autofill request stays pending');
  await authenticator.wait();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/ui/login');
  await textIn(page.locator('#status'), 'You are logged out');
  assert.equal(await page.getByLabel('Email').getAttribute('autocomplete'), 'username webauthn');
  for (let waited = 0; options.length < 2 && waited < 100; waited++) {
    await page.waitForTimeout(50);
  }
  assert.equal(options.length, 2, 'the login page asked for options for the autofill');
  await shot('login');

  step('"Log in with a passkey" aborts the autofill request, makes its own, and logs in');
  // Were the autofill request not aborted first, the browser would not take the button's.
  await authenticator.touch();
  await page.getByRole('button', { name: 'Log in with a passkey' }).click();
  await page.waitForURL('**/ui/profile');
  await textIn(page.locator('#account-email'), email);
  assert.equal(options.length, 3, 'the autofill request, then the button one');
  assert.equal(logins.length, 2);
  const used = page.locator('#passkey-list > li').filter({ hasText: 'Laptop' });
  await textIn(used, 'Last used');
  await shot('logged-in');

  step('two-step login on: after the password, "Use a passkey instead" logs in in place of a code');
  await enableTotp(page.request, PASSWORD);
  await authenticator.wait();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/ui/login');
  await textIn(page.locator('#status'), 'You are logged out');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByLabel('One-time code').waitFor();
  await checkAccessibility(page, 'passkeys-second-step');
  const sessions = requestsTo(page, '/sessions');
  await authenticator.touch();
  await page.getByRole('button', { name: 'Use a passkey instead' }).click();
  await page.waitForURL('**/ui/profile');
  await textIn(page.locator('#account-email'), email);
  const secondSteps = sessions.filter((request) => request.method() === 'POST');
  assert.equal(secondSteps.length, 1, 'one POST /sessions with the passkey');
  const sent = new URLSearchParams(secondSteps[0].postData());
  assert.equal(sent.get('email'), email);
  assert.equal(sent.get('password'), PASSWORD);
  assert.equal(sent.has('otp'), false);
  assert.ok(JSON.parse(sent.get('passkey')).response.signature);
  const asked = new URLSearchParams(options.at(-1).postData());
  assert.equal(asked.get('purpose'), 'second_step');
  const whoami = await (await page.request.get('/sessions/whoami')).json();
  assert.deepEqual([...whoami.session.amr].sort(), ['hwk', 'mfa', 'pwd']);

  await writeFile(COOKIES, JSON.stringify(await page.context().cookies()));
}

async function removeWithThePassword({ page, context, base, shot, step }) {
  const authenticator = await addAuthenticator(page);
  const cookies = JSON.parse(await readFile(COOKIES, 'utf8'));
  await context.addCookies(cookies);
  await page.goto('/ui/profile');
  const section = page.getByRole('region', { name: 'Passkeys' });
  const item = section.locator('#passkey-list > li').filter({ hasText: 'Laptop' });
  await item.waitFor();

  step('more than five minutes after logging in, adding a passkey asks for the password');
  const added = requestsTo(page, '/profile/passkeys');
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  await section.getByLabel('Name of the passkey').fill('Phone');
  await section.getByRole('button', { name: 'Create the passkey' }).click();
  const addPassword = section.locator('#passkey-add-form').getByLabel('Password');
  await addPassword.waitFor();
  await checkAccessibility(page, 'passkeys-add-password-asked');
  await addPassword.fill(PASSWORD);
  await section.getByRole('button', { name: 'Create the passkey' }).click();
  await textIn(page.locator('#passkeys-status'), 'The passkey "Phone" is added.');
  await section.locator('#passkey-list > li').filter({ hasText: 'Phone' }).waitFor();
  assert.equal((await authenticator.credentials()).length, 1, 'the browser made one passkey');
  const posts = added.filter((request) => request.method() === 'POST');
  assert.equal(posts.length, 2, 'the same passkey sent twice, the second time with the password');
  const [first, second] = posts.map((request) => JSON.parse(request.postData()));
  assert.equal(first.password, undefined);
  assert.equal(second.password, PASSWORD);
  assert.deepEqual(second.credential, first.credential);

  step('more than five minutes after logging in, Remove asks for the password');
  await item.getByRole('button', { name: 'Remove' }).click();
  const form = section.locator('#passkey-remove-form');
  const password = form.getByLabel('Password');
  await password.waitFor();
  await textIn(section.locator('#passkey-remove-lead'), 'type your password to remove the passkey "Laptop"');
  assert.equal(await password.getAttribute('autocomplete'), 'current-password');
  await shot('password-asked');

  step('a wrong password is refused in words; the right one removes the passkey');
  await password.fill('not the password');
  await form.getByRole('button', { name: 'Remove the passkey' }).click();
  await textIn(page.locator('#passkeys-error'), 'Your password is not right.');
  assert.equal(await item.count(), 1);
  await checkAccessibility(page, 'passkeys-wrong-password');
  await password.fill(PASSWORD);
  await form.getByRole('button', { name: 'Remove the passkey' }).click();
  await textIn(page.locator('#passkeys-status'), 'The passkey "Laptop" is removed');
  assert.equal(await item.count(), 0);
  await checkAccessibility(page, 'passkeys-removed');
  const listed = await page.request.get('/profile/passkeys');
  assert.deepEqual(
    (await listed.json()).passkeys.map((passkey) => passkey.name),
    ['Phone'],
  );

  step('at an IP address, where no passkey can belong: no passkey offered, and the profile says why');
  const byAddress = base.replace('//localhost:', '//127.0.0.1:');
  await context.addCookies(cookies.map((cookie) => ({ ...cookie, domain: '127.0.0.1' })));
  const asked = requestsTo(page, '/sessions/passkey/options');
  await page.goto(`${byAddress}/ui/profile`);
  await textIn(page.locator('#passkeys-unavailable'), 'Open this page at the name of the service');
  await section.locator('#passkey-list > li').filter({ hasText: 'Phone' }).waitFor();
  assert.equal(await section.getByRole('button', { name: 'Add a passkey' }).isVisible(), false);
  await checkAccessibility(page, 'passkeys-at-an-address');
  await page.goto(`${byAddress}/ui/login?prompt=login`);
  await page.getByLabel('Email').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Log in with a passkey' }).isVisible(), false);
  await page.waitForLoadState('networkidle');
  assert.equal(asked.length, 0, 'no options asked for the autofill');
}

await scenario(
  'passkeys',
  async (context) => {
    assert.ok(COOKIES, 'the test names a file for the session cookie');
    await (STEP === 'remove' ? removeWithThePassword(context) : registerAndLogIn(context));
  },
  { expectFailedRequests: true },
);
