// What the profile's sections share: their markup, kept in <template> elements of profile.html
// (the page's HTML, not strings in scripts); the way they report a failed call, which sends the
// person to the login page when the session is gone; and logging out.

import { call } from './api.js';
import { path } from './base.js';
import { showFailure } from './form.js';
import { leave } from './flash.js';
import { hasReturnTo, returnAddress, withReturnTo } from './returnto.js';

/** A copy of the content of <template id="ID">, a fragment to fill in and then append. */
export function fromTemplate(id) {
  return document.getElementById(id).content.cloneNode(true);
}

/**
 * Shows a failed call against `form` (or near `near`), as form.showFailure does; when the session
 * has ended meanwhile (expired, or ended from another device), goes to the login page instead.
 */
export function failed(result, form, context = {}, near = null) {
  if (result.status === 403 && result.body?.message === 'no valid session') {
    leave('Your session has ended. Please log in again.');
    window.location.assign(withReturnTo('/ui/login'));
    return;
  }
  showFailure(result, form, context, near);
}

/**
 * Ends this session and goes to the page's return_to through the server's check, or, without one,
 * to the login page with `email` filled in.
 */
export async function logOut(button, email) {
  button.disabled = true;
  const result = await call('DELETE', '/sessions');
  button.disabled = false;
  if (result.ok || result.status === 403) {
    leave(result.ok ? 'You are logged out.' : 'Your session had already ended.', email);
    window.location.assign(hasReturnTo() ? returnAddress() : path('/ui/login'));
    return;
  }
  showFailure(result, null, {}, button);
}

/** Tells the other sections that the list of sessions changed (a password change ends some). */
export function sessionsChanged() {
  document.dispatchEvent(new CustomEvent('bienvenue:sessions-changed'));
}
