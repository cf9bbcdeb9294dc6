// The apps with access to the account: each app the person let in (or that signed them in and can
// still refresh its tokens), what it can see, and since when. "Remove access" forgets the consent
// and logs the app out; its next request asks again. Without the OpenID Connect provider the
// server has no such list (404), and the section stays hidden.

import { call } from './api.js';
import { clearErrors, showStatus } from './form.js';
import { describeScope } from './scopes.js';
import { failed, fromTemplate } from './sections.js';
import { stamp } from './sessions.js';

export const appsSection = {
  id: 'apps',
  title: 'Apps with access',
  render() {
    const part = fromTemplate('apps-template');
    const list = part.querySelector('#app-list');
    const empty = part.querySelector('#apps-empty');
    show(list, empty);
    return [part];
  },
};

async function show(list, empty) {
  list.setAttribute('aria-busy', 'true');
  const result = await call('GET', '/profile/apps');
  list.removeAttribute('aria-busy');
  if (result.status === 404) {
    list.closest('section').hidden = true;
    return;
  }
  if (!result.ok) {
    failed(result, null, {}, list);
    return;
  }
  const apps = Array.isArray(result.body.apps) ? result.body.apps : [];
  list.replaceChildren(...apps.map((app, index) => item(app, index, list, empty)));
  showEmpty(list, empty);
}

function item(app, index, list, empty) {
  const element = fromTemplate('app-template').firstElementChild;
  element.querySelector('.app-name').textContent = app.name;
  const scopes = Array.isArray(app.scopes) ? app.scopes : [];
  element.querySelector('.app-scopes').replaceChildren(
    ...scopes.map((scope) =>
      Object.assign(document.createElement('li'), { textContent: describeScope(scope) }),
    ),
  );
  stamp(element.querySelector('.granted'), app.granted_at);
  const about = `app-${index}-about`;
  element.querySelector('.session-about').id = about;
  const button = element.querySelector('button');
  button.setAttribute('aria-describedby', about);
  button.addEventListener('click', () => remove(app, element, list, empty));
  return element;
}

async function remove(app, element, list, empty) {
  const button = element.querySelector('button');
  button.disabled = true;
  clearErrors(list);
  const result = await call('DELETE', `/profile/apps/${encodeURIComponent(app.client_id)}`);
  button.disabled = false;
  if (result.ok || result.status === 404) {
    element.remove();
    showEmpty(list, empty);
    showStatus(
      result.ok
        ? `${app.name} no longer has access to your account.`
        : `${app.name} had no access to your account any more.`,
      { focus: true, near: list },
    );
    return;
  }
  failed(result, null, {}, list);
}

/** Shows the empty state when no app is listed, and hides the empty list itself. */
function showEmpty(list, empty) {
  const none = list.children.length === 0;
  empty.hidden = !none;
  list.hidden = none;
}
