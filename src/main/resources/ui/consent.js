// The consent page, where the authorization endpoint sends a person whose app needs consent:
// /ui/consent?<the app's authorization request>. It names the app (asked of the server by its
// client_id, never read from the address) and what it will see, then posts the same request back to
// /oauth/authorize with consent=allow or consent=deny. The server checks the request again from the
// start; this page decides nothing.

import { call } from './api.js';
import { showError } from './form.js';

const request = new URLSearchParams(window.location.search);
const lead = document.getElementById('consent-lead');
const section = document.getElementById('consent-request');
const list = document.getElementById('consent-scopes');
const form = document.getElementById('consent-form');

/** What each scope lets the app see, in words. */
const SCOPES = {
  openid: 'A stable, anonymous identifier of your account',
  email: 'Your email address, and whether it is confirmed',
  offline_access: 'The same while you are away, until you take it back',
};

async function show() {
  const clientId = request.get('client_id') ?? '';
  const query = new URLSearchParams({ client_id: clientId, scope: request.get('scope') ?? '' });
  const asked = await call('GET', `/oauth/consent?${query}`);
  if (!asked.ok) {
    lead.textContent = 'This request to share your identity cannot be answered.';
    showError(
      'The app that sent you here is not known to this service, or its link is incomplete.',
    );
    return;
  }
  const app = Object.assign(document.createElement('strong'), {
    textContent: asked.body.client_name,
  });
  lead.replaceChildren(app, ' asks to know who you are.');
  list.replaceChildren(
    ...asked.body.scopes.map((scope) =>
      Object.assign(document.createElement('li'), { textContent: SCOPES[scope] ?? scope }),
    ),
  );
  for (const [name, value] of request) {
    // The answer is the pressed button's alone: a consent in the address is not carried along.
    if (name !== 'consent') {
      form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
    }
  }
  section.hidden = false;
}

show();
