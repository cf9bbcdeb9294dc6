// A person logs in, lets an app that needs consent see their identity, finds it on the profile
// page under "Apps with access" (its name, what it can see, since when), removes its access, and
// sees the empty state; the app's next request asks for consent again.
//
// Run as the other scenarios, with BIENVENUE_TEST_CLIENT_ID (a client registered with --consent
// and the redirect URI http://127.0.0.1:<BIENVENUE_TEST_APP_PORT>/cb) and BIENVENUE_TEST_APP_PORT,
// on which this script serves the app's callback.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { checkAccessibility, logIn, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const CLIENT_ID = process.env.BIENVENUE_TEST_CLIENT_ID;
const APP_PORT = Number(process.env.BIENVENUE_TEST_APP_PORT);
const CALLBACK = `http://127.0.0.1:${APP_PORT}/cb`;

/** The app's callback: a page that says the person is back. */
function serveApp() {
  return new Promise((resolve) => {
    const http = createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html lang="en"><title>App</title><h1>Back in the app</h1></html>');
    });
    http.listen(APP_PORT, '127.0.0.1', () => resolve(http));
  });
}

const AUTHORIZE = `/oauth/authorize?${new URLSearchParams({
  response_type: 'code',
  client_id: CLIENT_ID,
  redirect_uri: CALLBACK,
  scope: 'openid email',
  state: 'st-1',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
})}`;

const app = await serveApp();
try {
  await scenario('apps-with-access', async ({ page, base, shot, step }) => {
    const email = await register(page, 'ines', PASSWORD);
    await logIn(page, email, PASSWORD);

    step('no app yet: the empty state');
    const section = page.getByRole('region', { name: 'Apps with access' });
    await textIn(section.locator('#apps-empty'), 'No apps have access to your account.');
    assert.equal(await page.locator('#app-list > li').count(), 0);

    step('the person lets the app see their identity');
    await page.goto(`${base}${AUTHORIZE}`);
    await page.waitForURL('**/ui/consent?**');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${CALLBACK}?**`);

    step('the profile lists the app, what it can see and since when');
    await page.goto(`${base}/ui/profile`);
    const item = page.locator('#app-list > li').filter({ hasText: 'Team wiki' });
    await item.waitFor();
    assert.equal(await page.locator('#app-list > li').count(), 1);
    assert.equal(await section.locator('#apps-empty').isHidden(), true);
    await textIn(item, 'Your email address');
    await textIn(item, 'A stable, anonymous identifier of your account');
    await textIn(item, 'Since');
    assert.match(await item.locator('time.granted').getAttribute('datetime'), /^\d{4}-\d\d-\d\dT/);
    const button = item.getByRole('button', { name: 'Remove access' });
    const described = await button.getAttribute('aria-describedby');
    assert.equal(await item.locator(`[id="${described}"]`).count(), 1);
    await shot('listed');

    step('Remove access: the app leaves the list, the empty state shows');
    await button.click();
    await textIn(page.locator('#apps-status'), 'Team wiki no longer has access to your account.');
    await textIn(section.locator('#apps-empty'), 'No apps have access to your account.');
    assert.equal(await page.locator('#app-list > li').count(), 0);
    await checkAccessibility(page, 'apps-with-access-removed');
    await page.reload();
    await textIn(page.locator('#apps-empty'), 'No apps have access to your account.');

    step("the app's next request asks for consent again");
    await page.goto(`${base}${AUTHORIZE}`);
    await page.waitForURL('**/ui/consent?**');
    await textIn(page.locator('#consent-lead'), 'Team wiki');
  });
} finally {
  app.close();
}
