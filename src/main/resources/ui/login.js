// The login page. A 401 that asks for a one-time code (an account with two-step login) reveals the
// code field, and the next submission sends it as `otp` with the email and password. A 403 for an
// email not yet confirmed says so, with a link to the page that mails a new confirmation link.

import { call } from './api.js';
import { onSubmit, showError, showFailure, showFlash } from './form.js';

const form = document.getElementById('login-form');
const otpField = document.getElementById('otp-field');
const otp = document.getElementById('otp');

if (showFlash(form)?.email) {
  form.elements.namedItem('password').focus();
}

onSubmit(form, async (values) => {
  const result = await call('POST', '/sessions', values);
  if (result.ok) {
    window.location.assign('/ui/profile');
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
      href: '/ui/verify',
      textContent: 'Get a new link',
    });
    document.getElementById('error').append(' ', again, '.');
    return;
  }
  if (result.status === 401 && /one-time code/i.test(message)) {
    otpField.hidden = false;
    otp.value = '';
  }
  showFailure(result, form);
});
