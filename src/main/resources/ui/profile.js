// The profile page: one section after another, each from its own module. A section is
// { id, title, render(account) } where render returns the section's content (DOM nodes) and
// account is { email, reload() }. Each section gets its own status and error regions, under its
// heading, where form.js writes what happens inside it.

import { call } from './api.js';
import { showFailure } from './form.js';
import { leave } from './flash.js';
import { accountSection } from './account.js';
import { passwordSection } from './password.js';
import { sessionsSection } from './sessions.js';
import { appsSection } from './apps.js';
import { passkeysSection } from './passkeys.js';
import { twoFactorSection } from './twofactor.js';
import { deletionSection } from './deletion.js';
import { withReturnTo } from './returnto.js';

const SECTIONS = [
  accountSection,
  passwordSection,
  passkeysSection,
  sessionsSection,
  appsSection,
  twoFactorSection,
  deletionSection,
];

const container = document.getElementById('sections');

async function load() {
  container.setAttribute('aria-busy', 'true');
  const result = await call('GET', '/profile');
  if (result.status === 403) {
    leave('Please log in to see your account.');
    window.location.replace(withReturnTo('/ui/login'));
    return;
  }
  if (!result.ok) {
    container.replaceChildren();
    container.removeAttribute('aria-busy');
    showFailure(result, null);
    return;
  }
  const account = { email: result.body.email, reload: load };
  container.replaceChildren(...SECTIONS.map((section) => render(section, account)));
  container.removeAttribute('aria-busy');
  document.querySelector('h1').focus();
}

function render(section, account) {
  const element = document.createElement('section');
  element.id = section.id;
  element.dataset.alerts = '';
  element.setAttribute('aria-labelledby', `${section.id}-title`);
  const title = document.createElement('h2');
  title.id = `${section.id}-title`;
  title.textContent = section.title;
  element.append(
    title,
    region('status', section.id, 'ok', 'status', 'polite'),
    region('error', section.id, 'error', 'alert', 'assertive'),
    ...section.render(account),
  );
  return element;
}

/** An empty status or error region of a section, like the page's own. */
function region(kind, id, look, role, live) {
  const element = document.createElement('div');
  element.id = `${id}-${kind}`;
  element.className = `alert ${look}`;
  element.setAttribute('role', role);
  element.setAttribute('aria-live', live);
  element.tabIndex = -1;
  return element;
}

load();
