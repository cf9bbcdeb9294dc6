// The profile page: one section after another, each from its own module. A section is
// { id, title, render(account) } where render returns the section's content (DOM nodes) and
// account is { email, reload() }. New sections (password, sessions, two-step login, deleting the
// account) are added to SECTIONS.

import { call } from './api.js';
import { showFailure } from './form.js';
import { leave } from './flash.js';
import { accountSection } from './account.js';

const SECTIONS = [accountSection];

const container = document.getElementById('sections');

async function load() {
  container.setAttribute('aria-busy', 'true');
  const result = await call('GET', '/profile');
  if (result.status === 403) {
    leave('Please log in to see your account.');
    window.location.replace('/ui/login');
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
  element.setAttribute('aria-labelledby', `${section.id}-title`);
  const title = document.createElement('h2');
  title.id = `${section.id}-title`;
  title.textContent = section.title;
  element.append(title, ...section.render(account));
  return element;
}

load();
