// The consent page, where the authorization endpoint sends a person whose app needs consent:
// /ui/consent?<the app's authorization request>. It names the app (asked of the server by its
// client_id, never read from the address) and what it will see, then posts the same request to
// /oauth/consent with consent=allow or consent=deny, and goes where the answer says (back to the app
// with its code or access_denied). The server checks the request again from the start and decides
// where to go; this page decides nothing.

import { call } from './api.js';
import { onSubmit, showError, showFailure } from './form.js';
import { describeScope } from './scopes.js';

const request = new URLSearchParams(window.location.search);
const lead = document.getElementById('consent-lead');
const section = document.getElementById('consent-request');
const list = document.getElementById('consent-scopes');
const form = document.getElementById('consent-form');


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
      Object.assign(document.createElement('li'), { textContent: describeScope(scope) }),
    ),
  );
  section.hidden = false;
}

/** Posts the request with `answer`, then goes where the server says. */
async function answer(choice) {
  const fields = Object.fromEntries([...request].filter(([name]) => name !== 'consent'));
  const result = await call('POST', '/oauth/consent', { ...fields, consent: choice });
  if (result.ok && typeof result.body.redirect_to === 'string') {
    window.location.assign(result.body.redirect_to);
    return;
  }
  showFailure(result, form);
}

let choice = 'deny';
for (const button of form.querySelectorAll('button[name="consent"]')) {
  button.addEventListener('click', () => {
    choice = button.value;
  });
}
onSubmit(form, () => answer(choice));

show();
