// Deleting the account, in two steps: a button opens the form, which asks for the password and an
// explicit confirmation; then the person lands on the sign-up page, told that it is done.

import { call } from './api.js';
import { path } from './base.js';
import { clearErrors, onSubmit } from './form.js';
import { leave } from './flash.js';
import { failed, fromTemplate } from './sections.js';

const WRONG_PASSWORD = {
  text: 'Your password is not right: the account is not deleted. Type the password again.',
  field: 'password',
};

export const deletionSection = {
  id: 'deletion',
  title: 'Delete your account',
  render() {
    const part = fromTemplate('deletion-template');
    const start = part.querySelector('#delete-start');
    const form = part.querySelector('#delete-form');
    const password = part.querySelector('#delete-password');

    start.addEventListener('click', () => {
      form.reset();
      start.hidden = true;
      form.hidden = false;
      password.focus();
    });
    part.querySelector('#delete-cancel').addEventListener('click', () => {
      form.reset();
      clearErrors(form);
      form.hidden = true;
      start.hidden = false;
      start.focus();
    });

    onSubmit(form, async (values) => {
      const result = await call('DELETE', '/profile', { password: values.password });
      if (result.ok) {
        leave('Your account is deleted, and you are logged out everywhere.');
        window.location.assign(path('/ui/signup'));
        return;
      }
      failed(result, form, { forbidden: WRONG_PASSWORD });
    });
    return [part];
  },
};
