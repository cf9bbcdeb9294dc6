// The sign-up page: registers, then sends the person to log in with the email filled in.

import { call } from './api.js';
import { onSubmit, showFailure, showFlash } from './form.js';
import { leave } from './flash.js';

const form = document.getElementById('signup-form');
showFlash(form);

onSubmit(form, async (values) => {
  const result = await call('POST', '/users', values);
  if (result.ok) {
    leave('Your account is created. Log in to continue.', values.email);
    window.location.assign('/ui/login');
    return;
  }
  showFailure(result, form);
});
