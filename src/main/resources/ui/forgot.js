// The forgot-password page. In production the service mails a link to the reset page (carrying
// the page's return_to, if the server allows it) and says only that it did (whether or not the
// email is registered); in development it answers with the token itself, and this page goes
// straight on to the reset page with it.

import { call } from './api.js';
import { onSubmit, showFailure, showFlash, showStatus } from './form.js';
import { keepReturnTo, withReturnTo, withReturnToField } from './returnto.js';

const form = document.getElementById('forgot-form');
showFlash(form);
keepReturnTo();

onSubmit(form, async (values) => {
  const result = await call('POST', '/reset_password', withReturnToField(values));
  if (result.ok && typeof result.body.reset_token === 'string') {
    const fragment = new URLSearchParams({ email: values.email, token: result.body.reset_token });
    window.location.assign(withReturnTo(`/ui/reset#${fragment}`));
    return;
  }
  if (result.ok) {
    form.reset();
    showStatus(
      'If an account uses this email, a message with a link to choose a new password is on its' +
        ' way. The link works for a limited time; check your spam folder if it does not arrive.',
      { focus: true },
    );
    return;
  }
  showFailure(result, form, { forbidden: 'No account is registered with this email.' });
});
