// The sign-up page: registers, then sends the person to log in with the email filled in (and the
// page's return_to, which the login page follows once done).

import { call } from './api.js';
import { onSubmit, showFailure, showFlash } from './form.js';
import { leave } from './flash.js';
import { keepReturnTo, withReturnTo, withReturnToField } from './returnto.js';

const form = document.getElementById('signup-form');
showFlash(form);
keepReturnTo();

onSubmit(form, async (values) => {
  const result = await call('POST', '/users', withReturnToField(values));
  if (result.ok) {
    leave('Your account is created. Log in to continue.', values.email);
    window.location.assign(withReturnTo('/ui/login'));
    return;
  }
  showFailure(result, form);
});
