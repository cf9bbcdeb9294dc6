// The login page. A 401 that asks for a one-time code (an account with two-step login) reveals the
// code field, and the next submission sends it as `otp` with the email and password. The field
// takes a code from the authenticator app or, after "Use a recovery code instead", one of the
// recovery codes (letters and digits: the field then leaves the numeric keyboard and autofill).
// A 403 for an email not yet confirmed says so, with a link to the page that mails a new
// confirmation link. Once logged in (after the code, if one is asked for), the person goes to the
// page's return_to through the server's check (returnto.js), or to the profile. A login_hint in the
// address fills the email. "Email me a code instead" logs in by a mailed code (emailcode.js), and
// "Log in with a passkey" or the email field's autofill with a passkey (passkeylogin.js).

import { call } from './api.js';
import { clearErrors, onSubmit, showError, showFailure, showFlash } from './form.js';
import { keepReturnTo, returnAddress, withReturnTo } from './returnto.js';
import { offerEmailCode } from './emailcode.js';
import { offerPasskeys } from './passkeylogin.js';

const form = document.getElementById('login-form');
const otpField = document.getElementById('otp-field');
const otp = document.getElementById('otp');
const otpSwitch = document.getElementById('otp-switch');

const KINDS = {
  app: {
    label: 'One-time code',
    hint: 'The six-digit code your authenticator app shows for this account.',
    inputMode: 'numeric',
    autocomplete: 'one-time-code',
    other: 'Use a recovery code instead',
  },
  recovery: {
    label: 'Recovery code',
    hint: 'One of the recovery codes you saved when you set up two-step login; each works once.',
    inputMode: 'text',
    autocomplete: 'off',
    other: 'Use a code from your app instead',
  },
};
let kind = 'app';
keepReturnTo();
offerEmailCode(form);
offerPasskeys(form);

// An app sending the person here through OpenID Connect may name the account (login_hint).
const hint = new URLSearchParams(window.location.search).get('login_hint');
if (hint) {
  form.elements.namedItem('email').value = hint;
}

otpSwitch.addEventListener('click', () => {
  kind = kind === 'app' ? 'recovery' : 'app';
  const words = KINDS[kind];
  document.querySelector('label[for="otp"]').textContent = words.label;
  document.getElementById('otp-hint').textContent = words.hint;
  otp.inputMode = words.inputMode;
  otp.autocomplete = words.autocomplete;
  otp.spellcheck = false;
  otp.value = '';
  otpSwitch.textContent = words.other;
  clearErrors(form);
  otp.focus();
});

if (showFlash(form)?.email) {
  form.elements.namedItem('password').focus();
}

onSubmit(form, async (values) => {
  const fields = otpField.hidden ? values : { ...values, otp: values.otp.trim() };
  const result = await call('POST', '/sessions', fields);
  if (result.ok) {
    window.location.assign(returnAddress());
    return;
  }
  const message = String(result.body?.message ?? '');
  if (result.status === 403 && message === 'email not verified') {
    showError(
      'Please confirm your email address first: open the link in the mail we sent you when you' +
        ' signed up.',
      { form },
    );
    const again = Object.assign(document.createElement('a'), {
      href: withReturnTo('/ui/verify'),
      textContent: 'Get a new link',
    });
    document.getElementById('error').append(' ', again, '.');
    return;
  }
  if (result.status === 401 && /one-time code/i.test(message)) {
    otpField.hidden = false;
    otp.value = '';
    if (kind === 'recovery' && /invalid/i.test(message)) {
      showError('That recovery code is not right, or was used already: each one works once.', {
        form,
        field: 'otp',
      });
      return;
    }
  }
  showFailure(result, form);
});
