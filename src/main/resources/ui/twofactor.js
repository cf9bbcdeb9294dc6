// Two-step login (TOTP). Setting it up: the password first, then the service makes a secret, shown
// as a QR code and as text to type by hand; a code from the app confirms it; then the ten recovery
// codes are shown, this once. Turning it off takes the password and a code (or a recovery code).
// Either change logs the account out everywhere else.
//
// GET /profile/totp says whether it is on, so only the action that applies is offered (both, if
// that answer does not come; asking to set it up when it is on then says so).

import { call } from './api.js';
import { clearErrors, onSubmit, showStatus } from './form.js';
import { failed, fromTemplate, sessionsChanged } from './sections.js';

const CODE_FIELDS = { otp: 'code' };
const WRONG_PASSWORD = { text: 'Your password is not right. Type it again.', field: 'password' };

export const twoFactorSection = {
  id: 'twofactor',
  title: 'Two-step login',
  render() {
    const part = fromTemplate('twofactor-template');
    // Looked up now: once appended to the page, the fragment is empty.
    const found = new Map([...part.querySelectorAll('[id]')].map((e) => [e.id, e]));
    const get = (id) => found.get(id);
    const view = {
      actions: get('twofactor-actions'),
      password: get('totp-start-form'),
      enrol: get('totp-enrol-form'),
      recovery: get('totp-recovery'),
      off: get('totp-off-form'),
    };
    /** Shows one part of the section (and hides the others). */
    const only = (shown) => {
      for (const element of Object.values(view)) {
        element.hidden = element !== shown;
      }
    };
    const start = get('totp-start');
    const showOff = get('totp-show-off');
    /** Offers the one action that applies: set up when off, turn off when on. */
    const offer = (enabled) => {
      start.hidden = enabled;
      showOff.hidden = !enabled;
    };
    const refresh = async () => {
      const result = await call('GET', '/profile/totp');
      if (result.ok && typeof result.body.enabled === 'boolean') {
        offer(result.body.enabled);
      }
    };
    refresh();

    start.addEventListener('click', () => {
      view.password.reset();
      only(view.password);
      get('totp-start-password').focus();
    });

    onSubmit(view.password, async (values) => {
      const result = await call('POST', '/profile/totp', { password: values.password });
      if (result.ok) {
        view.password.reset();
        get('totp-qr').src = result.body.qr_code;
        get('totp-secret').textContent = grouped(result.body.secret);
        view.enrol.reset();
        only(view.enrol);
        get('totp-code').focus();
        return;
      }
      failed(result, view.password, { forbidden: WRONG_PASSWORD });
      if (result.status === 409) {
        only(view.actions);
        refresh();
      }
    });

    onSubmit(view.enrol, async (values) => {
      const result = await call('PUT', '/profile/totp', { code: values.code.trim() });
      if (result.ok) {
        const codes = Array.isArray(result.body.recovery_codes) ? result.body.recovery_codes : [];
        get('totp-codes').replaceChildren(...codes.map((code) => listItem(code)));
        get('totp-qr').removeAttribute('src');
        get('totp-secret').textContent = '';
        only(view.recovery);
        sessionsChanged();
        showStatus('Two-step login is on, and you are logged out everywhere else.', {
          near: view.recovery,
        });
        get('totp-recovery-lead').focus();
        return;
      }
      failed(result, view.enrol, { fields: CODE_FIELDS });
      if (result.status === 409) {
        only(view.actions);
      }
    });

    get('totp-saved').addEventListener('click', () => {
      get('totp-codes').replaceChildren();
      offer(true);
      only(view.actions);
      showStatus(
        'Two-step login is on: from now on, logging in asks for a code from your app after your' +
          ' password.',
        { focus: true, near: view.actions },
      );
    });

    showOff.addEventListener('click', () => {
      view.off.reset();
      only(view.off);
      get('totp-off-password').focus();
    });

    onSubmit(view.off, async (values) => {
      const result = await call('DELETE', '/profile/totp', {
        password: values.password,
        code: values.code.trim(),
      });
      if (result.ok) {
        view.off.reset();
        offer(false);
        only(view.actions);
        sessionsChanged();
        showStatus('Two-step login is off: your password alone logs you in.', {
          focus: true,
          near: view.actions,
        });
        return;
      }
      failed(result, view.off, { forbidden: WRONG_PASSWORD, fields: CODE_FIELDS });
    });

    for (const [id, form] of [
      ['totp-start-cancel', view.password],
      ['totp-cancel', view.enrol],
      ['totp-off-cancel', view.off],
    ]) {
      get(id).addEventListener('click', () => {
        form.reset();
        clearErrors(form);
        only(view.actions);
        (start.hidden ? showOff : start).focus();
      });
    }
    return [part];
  },
};

/** A secret in groups of four characters, easier to read and type (apps ignore the spaces). */
function grouped(secret) {
  return String(secret ?? '').replace(/(.{4})(?=.)/g, '$1 ');
}

function listItem(code) {
  const item = document.createElement('li');
  const text = document.createElement('code');
  text.textContent = code;
  item.append(text);
  return item;
}
