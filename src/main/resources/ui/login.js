// The login page. A 401 that asks for a one-time code (an account with two-step login) reveals the
// code field, and the next submission sends it as `otp` with the email and password.

import { call } from './api.js';
import { onSubmit, showFailure, showFlash } from './form.js';

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
  if (result.status === 401 && /one-time code/i.test(message)) {
    otpField.hidden = false;
    otp.value = '';
  }
  showFailure(result, form);
});
