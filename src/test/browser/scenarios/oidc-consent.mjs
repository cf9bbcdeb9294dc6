// "Log in with Bienvenue" for an app that needs consent: the app sends the person to the
// authorization endpoint; without a session they log in first and come back; the consent page
// names the app as the server knows it and what it will see; Allow sends the person back to the
// app with a code; a second request goes straight through, consent remembered; Deny, with
// prompt=consent, sends back access_denied.
//
// Run as the other scenarios, with BIENVENUE_TEST_CLIENT_ID (a client registered with --consent
// and the redirect URI http://127.0.0.1:<BIENVENUE_TEST_APP_PORT>/cb) and BIENVENUE_TEST_APP_PORT,
// on which this script serves the app's callback.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { checkAccessibility, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const CLIENT_ID = process.env.BIENVENUE_TEST_CLIENT_ID;
const APP_PORT = Number(process.env.BIENVENUE_TEST_APP_PORT);
const CALLBACK = `http://127.0.0.1:${APP_PORT}/cb`;

/** The app's callback: a page that shows the query it was sent back with. */
function serveApp() {
  return new Promise((resolve) => {
    const http = createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html lang="en"><title>App</title><h1>Back in the app</h1></html>');
    });
    http.listen(APP_PORT, '127.0.0.1', () => resolve(http));
  });
}

/** The authorization request's path, with `extra` parameters. */
function authorize(extra = {}) {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    scope: 'openid email',
    state: 'st-1',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...extra,
  });
  return `/oauth/authorize?${query}`;
}

const app = await serveApp();
try {
  await scenario('oidc-consent', async ({ page, base, shot, step }) => {
    const email = await register(page, 'lucie', PASSWORD);

    step('without a session, the app sends the person to log in, and back');
    await page.goto(authorize());
    await page.waitForURL('**/ui/login?**');
    assert.equal(await page.getByLabel('Email').inputValue(), '');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();

    step('the consent page names the app and what it will see');
    await page.waitForURL('**/ui/consent?**');
    await textIn(page.locator('#consent-lead'), 'Team wiki');
    await textIn(page.locator('#consent-scopes'), 'Your email address');
    await shot('consent');

    step('Allow sends the person back to the app with a code, the state and the issuer');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${CALLBACK}?**`);
    const back = new URL(page.url());
    assert.ok(back.searchParams.get('code'), page.url());
    assert.equal(back.searchParams.get('state'), 'st-1');
    assert.equal(back.searchParams.get('iss'), base);

    step('the consent is remembered: the next request goes straight through');
    await page.goto(`${base}${authorize()}`);
    await page.waitForURL(`${CALLBACK}?**`);
    assert.ok(new URL(page.url()).searchParams.get('code'));

    step('prompt=consent asks again, and Deny sends back access_denied');
    await page.goto(`${base}${authorize({ prompt: 'consent' })}`);
    await page.waitForURL('**/ui/consent?**');
    await textIn(page.locator('#consent-lead'), 'Team wiki');
    await checkAccessibility(page, 'consent asked again');
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(`${CALLBACK}?**`);
    const denied = new URL(page.url());
    assert.equal(denied.searchParams.get('error'), 'access_denied');
    assert.equal(denied.searchParams.get('code'), null);
  });
} finally {
  app.close();
}
