// The account's passkeys: each one's name, when it was added and last used, and "Remove". "Add a
// passkey" asks a name, then the browser makes the passkey from the service's creation options and
// the page sends it back (POST /profile/passkeys). Within five minutes of logging in the service
// needs no password for either; after that it answers 403 "wrong password", and the page asks for
// the password and sends again (the passkey just made is kept meanwhile: its challenge is still
// live). Where this page cannot make passkeys (an old browser, an IP address), the list stays, so
// that one can still be removed, and a sentence says why none can be added.

import { call, callWithJsonBody } from './api.js';
import { clearErrors, onSubmit, showError, showStatus } from './form.js';
import { PASSKEY_REFUSED, passkeyProblem } from './messages.js';
import { failed, fromTemplate } from './sections.js';
import { stamp } from './sessions.js';
import { createPasskey, passkeysUnavailable } from './webauthn.js';

const UNAVAILABLE = {
  browser: 'This browser cannot make passkeys. Use a recent browser to add one.',
  address:
    'Passkeys cannot be made at this address. Open this page at the name of the service (in' +
    ' development, http://localhost and its port), not at an IP address.',
};
const WRONG_PASSWORD = { text: 'Your password is not right. Type it again.', field: 'password' };
const PASSWORD_NEEDED = 'wrong password';

export const passkeysSection = {
  id: 'passkeys',
  title: 'Passkeys',
  render() {
    const part = fromTemplate('passkeys-template');
    // Looked up now: once appended to the page, the fragment is empty.
    const found = new Map([...part.querySelectorAll('[id]')].map((e) => [e.id, e]));
    const get = (id) => found.get(id);
    const view = {
      list: get('passkey-list'),
      empty: get('passkeys-empty'),
      add: get('passkey-add'),
      addForm: get('passkey-add-form'),
      addPassword: get('passkey-add-password-field'),
      removeForm: get('passkey-remove-form'),
    };
    const refresh = () => show(view);
    const unavailable = passkeysUnavailable();
    view.canAdd = !unavailable;
    view.add.hidden = !view.canAdd;
    if (unavailable) {
      get('passkeys-unavailable').textContent = UNAVAILABLE[unavailable];
      get('passkeys-unavailable').hidden = false;
    }

    // The passkey the browser made, kept while the service asks for the password to add it.
    let made = null;
    const closeAddForm = () => {
      made = null;
      view.addForm.reset();
      clearErrors(view.addForm);
      view.addForm.hidden = true;
      view.addPassword.hidden = true;
      view.add.hidden = !view.canAdd;
    };
    view.add.addEventListener('click', () => {
      closeRemoveForm(view);
      showStatus('', { near: view.list });
      view.addForm.reset();
      view.add.hidden = true;
      view.addForm.hidden = false;
      get('passkey-name').focus();
    });
    get('passkey-add-cancel').addEventListener('click', () => {
      closeAddForm();
      view.add.focus();
    });

    onSubmit(view.addForm, async (values) => {
      if (!made) {
        const options = await call('POST', '/profile/passkeys/options');
        if (!options.ok) {
          failed(options, view.addForm);
          return;
        }
        try {
          made = await createPasskey(options.body.publicKey);
        } catch (error) {
          showError(passkeyProblem(error, true), { form: view.addForm });
          return;
        }
      }
      const body = { credential: made, name: values.name.trim() };
      if (!view.addPassword.hidden) {
        body.password = values.password;
      }
      const result = await callWithJsonBody('POST', '/profile/passkeys', body);
      if (result.ok) {
        closeAddForm();
        refresh();
        showStatus(`The passkey "${result.body.passkey?.name ?? body.name}" is added.`, {
          focus: true,
          near: view.list,
        });
        return;
      }
      if (result.status === 403 && result.body?.message === PASSWORD_NEEDED && !body.password) {
        view.addPassword.hidden = false;
        get('passkey-add-password').focus();
        return;
      }
      if (result.status === 400 && result.body?.message === PASSKEY_REFUSED) {
        // A refused answer may have used its challenge up: the next try makes a new passkey.
        made = null;
      }
      failed(result, view.addForm, body.password ? { forbidden: WRONG_PASSWORD } : {});
    });

    get('passkey-remove-cancel').addEventListener('click', () => {
      const button = view.removeForm.passkeyButton;
      closeRemoveForm(view);
      button?.focus();
    });
    onSubmit(view.removeForm, async (values) => {
      const { passkey, item } = view.removeForm.removing;
      const result = await call('DELETE', pathOf(passkey), { password: values.password });
      if (result.ok || result.status === 404) {
        closeRemoveForm(view);
        removed(view, passkey, item, result.ok);
        return;
      }
      failed(result, view.removeForm, { forbidden: WRONG_PASSWORD });
    });

    refresh();
    return [part];
  },
};

async function show(view) {
  view.list.setAttribute('aria-busy', 'true');
  const result = await call('GET', '/profile/passkeys');
  view.list.removeAttribute('aria-busy');
  if (!result.ok) {
    failed(result, null, {}, view.list);
    return;
  }
  const passkeys = Array.isArray(result.body.passkeys) ? result.body.passkeys : [];
  view.list.replaceChildren(...passkeys.map((passkey) => item(passkey, view)));
  showEmpty(view);
}

function item(passkey, view) {
  const element = fromTemplate('passkey-template').firstElementChild;
  element.querySelector('.passkey-name').textContent = passkey.name;
  stamp(element.querySelector('.created'), passkey.created_at);
  if (passkey.last_used_at) {
    stamp(element.querySelector('.used'), passkey.last_used_at);
    element.querySelector('.never-used').remove();
  } else {
    element.querySelector('.last-used').remove();
  }
  const about = `passkey-${passkey.id}-about`;
  element.querySelector('.session-about').id = about;
  const button = element.querySelector('button');
  button.setAttribute('aria-describedby', about);
  button.addEventListener('click', () => remove(passkey, element, view));
  return element;
}

/** Removes `passkey` without a password; when the service asks for one, opens the form. */
async function remove(passkey, element, view) {
  const button = element.querySelector('button');
  button.disabled = true;
  closeRemoveForm(view);
  // What the section said before is about something else: an empty status clears both.
  showStatus('', { near: view.list });
  const result = await call('DELETE', pathOf(passkey));
  button.disabled = false;
  if (result.ok || result.status === 404) {
    removed(view, passkey, element, result.ok);
    return;
  }
  if (result.status === 403 && result.body?.message === PASSWORD_NEEDED) {
    const form = view.removeForm;
    form.removing = { passkey, item: element };
    form.passkeyButton = button;
    form.querySelector('#passkey-remove-lead').textContent =
      `You logged in more than five minutes ago: type your password to remove the passkey` +
      ` "${passkey.name}".`;
    form.hidden = false;
    view.add.hidden = true;
    form.querySelector('#passkey-remove-password').focus();
    return;
  }
  failed(result, null, {}, view.list);
}

function removed(view, passkey, element, byThis) {
  element.remove();
  showEmpty(view);
  showStatus(
    byThis
      ? `The passkey "${passkey.name}" is removed: it no longer logs you in.`
      : `The passkey "${passkey.name}" had already been removed.`,
    { focus: true, near: view.list },
  );
}

function closeRemoveForm(view) {
  view.removeForm.reset();
  clearErrors(view.removeForm);
  view.removeForm.hidden = true;
  view.removeForm.removing = null;
  view.removeForm.passkeyButton = null;
  view.add.hidden = !view.canAdd || !view.addForm.hidden;
}

function pathOf(passkey) {
  return `/profile/passkeys/${encodeURIComponent(passkey.id)}`;
}

/** Shows the empty state when no passkey is listed, and hides the empty list itself. */
function showEmpty(view) {
  const none = view.list.children.length === 0;
  view.empty.hidden = !none;
  view.list.hidden = none;
}
