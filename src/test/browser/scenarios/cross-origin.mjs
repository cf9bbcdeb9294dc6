// One session across an app's subdomains, and a browser app calling the API with it (CORS).
// The service is at auth.example.test, started with --cookie-domain example.test and
// --cors-origin naming the app at app.example.test; a host resolver rule sends every such name to
// this machine. A person logs in on the service's page; the app's own server then sees the
// session cookie, the app's script reads whoami and logs out across origins; a page of another
// site is kept from reading any answer.
//
// Run as the other scenarios, with BIENVENUE_TEST_APP_PORT and BIENVENUE_TEST_OTHER_PORT naming
// the free ports this script serves the app and the other site on.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { newEmail, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const APP_PORT = Number(process.env.BIENVENUE_TEST_APP_PORT);
const OTHER_PORT = Number(process.env.BIENVENUE_TEST_OTHER_PORT);
const APP = `http://app.example.test:${APP_PORT}`;
const OTHER = `http://elsewhere.invalid:${OTHER_PORT}`;

/** A blank page on each port, and /cookie, which answers with the Cookie header it received. */
function serveApps() {
  const server = (port) =>
    new Promise((resolve) => {
      const http = createServer((request, response) => {
        if (request.url === '/cookie') {
          response.writeHead(200, { 'Content-Type': 'text/plain' });
          response.end(request.headers.cookie ?? '');
          return;
        }
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><html lang="en"><title>App</title><h1>App</h1></html>');
      });
      http.listen(port, '127.0.0.1', () => resolve(http));
    });
  return Promise.all([server(APP_PORT), server(OTHER_PORT)]);
}

/**
 * Runs fetch(url, init) in `page`, `init.form` (an object) sent as a form; returns { status, body,
 * userId } or { error }.
 */
function fetchIn(page, url, init) {
  return page.evaluate(
    async ([target, { form, ...options }]) => {
      try {
        const sent = form ? { ...options, body: new URLSearchParams(form) } : options;
        const response = await fetch(target, sent);
        return {
          status: response.status,
          body: await response.text(),
          userId: response.headers.get('X-Bienvenue-User-Id'),
        };
      } catch (error) {
        return { error: String(error) };
      }
    },
    [url, init],
  );
}

/** Removes from `lines` the ones `keep` refuses: console errors the scenario caused on purpose. */
function keepOnly(lines, keep) {
  lines.splice(0, lines.length, ...lines.filter(keep));
}

const servers = await serveApps();
try {
  await scenario(
    'cross-origin',
    async ({ page, base, shot, step, console: logged }) => {
      assert.match(base, /^http:\/\/auth\.example\.test:\d+$/);
      // Registered from the service's own page: only the browser resolves these names.
      const email = newEmail('ines');
      await page.goto('/ui/login');
      const created = await fetchIn(page, '/users', {
        method: 'POST',
        form: { email, password: PASSWORD },
      });
      assert.equal(created.status, 200, JSON.stringify(created));

      step("a login on the service's page sets a cookie for the whole domain");
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL('**/ui/profile');
      await textIn(page.locator('#account-email'), email);

      step("the app's own server sees the session cookie");
      await page.goto(`${APP}/`);
      const seen = await fetchIn(page, '/cookie', {});
      assert.match(seen.body, /(^|; )session_id=[^;]+/, `the app saw: ${seen.body}`);

      step("the app's script reads whoami with its credentials, and its exposed headers");
      const whoami = await fetchIn(page, `${base}/sessions/whoami`, { credentials: 'include' });
      assert.equal(whoami.status, 200, JSON.stringify(whoami));
      const me = JSON.parse(whoami.body);
      assert.equal(me.user.email, email);
      assert.equal(whoami.userId, me.user.id);
      await shot('app');

      step('the app logs in a second session for a token, across origins, with a form post');
      const token = await fetchIn(page, `${base}/sessions/token`, {
        method: 'POST',
        credentials: 'include',
        form: { email, password: PASSWORD },
      });
      assert.equal(token.status, 200, JSON.stringify(token));
      const { session_token: sessionToken } = JSON.parse(token.body);
      const bearer = await fetchIn(page, `${base}/sessions/whoami`, {
        headers: { Authorization: `Bearer ${sessionToken}` },
      });
      assert.equal(bearer.status, 200, JSON.stringify(bearer));

      step('a page of another site cannot read an answer, even with the cookie');
      await page.goto(`${OTHER}/`);
      const blocked = await fetchIn(page, `${base}/sessions/whoami`, { credentials: 'include' });
      assert.match(blocked.error ?? '', /TypeError/, JSON.stringify(blocked));
      const cors = logged.filter((line) => /CORS policy/.test(line));
      assert.ok(cors.length > 0, `chromium names the CORS block: ${JSON.stringify(logged)}`);
      keepOnly(logged, (line) => !/CORS policy|Failed to load resource/.test(line));

      step('the app logs the person out across origins');
      await page.goto(`${APP}/`);
      const logout = await fetchIn(page, `${base}/sessions`, {
        method: 'DELETE',
        credentials: 'include',
        redirect: 'manual',
      });
      assert.equal(logout.error, undefined, 'the redirect answering a logout is not followed');
      const after = await fetchIn(page, `${base}/sessions/whoami`, { credentials: 'include' });
      assert.equal(after.status, 401, JSON.stringify(after));
      // The 401 above is logged as a failed resource: expected.
      keepOnly(logged, (line) => !/Failed to load resource/.test(line));
    },
    {
      args: ['--host-resolver-rules=MAP *.example.test 127.0.0.1, MAP elsewhere.invalid 127.0.0.1'],
    },
  );
} finally {
  for (const server of servers) {
    server.close();
  }
}
