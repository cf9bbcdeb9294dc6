// RP-initiated logout in the browser: an app sends a logged-in person to the end-session endpoint
// without an id_token_hint; the logout page asks them (checked by axe); "Log out" ends the session
// and sends them to the app's registered post-logout address with its state. Then the same without
// a client: "Log out" ends on the logged-out page (checked by axe).
//
// Run as the other scenarios, with BIENVENUE_TEST_CLIENT_ID (a client registered with the
// post-logout redirect URI http://127.0.0.1:<BIENVENUE_TEST_APP_PORT>/logged-out) and
// BIENVENUE_TEST_APP_PORT, on which this script serves that page.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { logIn, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const CLIENT_ID = process.env.BIENVENUE_TEST_CLIENT_ID;
const APP_PORT = Number(process.env.BIENVENUE_TEST_APP_PORT);
const LOGGED_OUT = `http://127.0.0.1:${APP_PORT}/logged-out`;

/** The app's post-logout page. */
function serveApp() {
  return new Promise((resolve) => {
    const http = createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html lang="en"><title>App</title><h1>Logged out of the app</h1></html>');
    });
    http.listen(APP_PORT, '127.0.0.1', () => resolve(http));
  });
}

const app = await serveApp();
try {
  await scenario('oidc-logout', async ({ page, shot, step }) => {
    const email = await register(page, 'jeanne', PASSWORD);
    await logIn(page, email, PASSWORD);

    step('without a hint, the app sends the person to a page that asks');
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      post_logout_redirect_uri: LOGGED_OUT,
      state: 'st-9',
    });
    await page.goto(`/oauth/logout?${query}`);
    await page.waitForURL('**/ui/logout?**');
    await textIn(page.locator('#logout-lead'), 'Do you want to log out');
    assert.equal((await page.request.get('/sessions/whoami')).status(), 200);
    await shot('confirm');

    step('"Log out" ends the session and goes to the app with the state');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${LOGGED_OUT}?state=st-9`);
    assert.equal((await page.request.get('/sessions/whoami')).status(), 401);

    step('without a client, "Log out" ends on the logged-out page');
    await logIn(page, email, PASSWORD);
    await page.goto('/oauth/logout');
    await page.waitForURL('**/ui/logout');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/logout?logged_out=true');
    await textIn(page.locator('#logged-out'), 'You are logged out');
    assert.equal(await page.locator('#logout-request').isVisible(), false);
    assert.equal((await page.request.get('/sessions/whoami')).status(), 401);
    await shot('logged-out');
  });
} finally {
  app.close();
}
