// The logout page, where the end-session endpoint (/oauth/logout) sends a person when an app asks
// to log them out without proving which session it means: /ui/logout?<the checked request>. Its
// "Log out" button posts the same request to /oauth/logout/confirm, which ends the session, and
// goes where the answer says (the app's registered post-logout address, or this page's logged-out
// state, /ui/logout?logged_out=true). The server checks the request again and decides where to go;
// this page decides nothing.

import { call } from './api.js';
import { onSubmit, showFailure } from './form.js';

const request = new URLSearchParams(window.location.search);
const form = document.getElementById('logout-form');

if (request.get('logged_out') === 'true') {
  document.getElementById('logout-lead').textContent = 'You have been logged out.';
  document.getElementById('logout-request').hidden = true;
  document.getElementById('logged-out').hidden = false;
}

/** Posts the checked request, then goes where the server says. */
async function confirm() {
  const result = await call('POST', '/oauth/logout/confirm', Object.fromEntries(request));
  if (result.ok && typeof result.body.redirect_to === 'string') {
    window.location.assign(result.body.redirect_to);
    return;
  }
  showFailure(result, form);
}

onSubmit(form, confirm);
