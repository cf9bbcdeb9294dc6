// The reset page, opened from the link in the reset mail: /ui/reset#email=...&token=... (read and
// taken out of the address bar by link.js).

import { call } from './api.js';
import { onSubmit, showError, showFailure } from './form.js';
import { leave } from './flash.js';
import { takeLink } from './link.js';
import { keepReturnTo, withReturnTo } from './returnto.js';

const form = document.getElementById('reset-form');
keepReturnTo();
const { email, token } = takeLink();

const EXPIRED =
  'This reset link is invalid or has expired (a link works once, for a limited time).' +
  ' Ask for a new one.';

if (!email || !token) {
  form.hidden = true;
  showError(
    'This page opens from the link in the password-reset e-mail, and this address lacks it.' +
      ' Ask for a new link.',
  );
} else {
  const who = Object.assign(document.createElement('strong'), { textContent: email });
  document.getElementById('for-account').replaceChildren('Pick a new password for ', who, '.');
}

onSubmit(form, async (values) => {
  if (values.new_password !== form.elements.namedItem('confirm_password').value) {
    showError('The two passwords differ. Type the same new password twice.', {
      form,
      field: 'confirm_password',
    });
    return;
  }
  const result = await call('PUT', '/reset_password', {
    email,
    reset_token: token,
    new_password: values.new_password,
  });
  if (result.ok) {
    leave('Your password is changed. Log in with the new one.', email);
    window.location.assign(withReturnTo('/ui/login'));
    return;
  }
  showFailure(result, form, { forbidden: EXPIRED });
});
