// Changing the password: the current one, then the new one twice. The service ends every other
// session of the account, and the page says so.

import { call } from './api.js';
import { onSubmit, showError, showStatus } from './form.js';
import { failed, fromTemplate, sessionsChanged } from './sections.js';

const WRONG_CURRENT = {
  text: 'Your current password is not right. Type it again.',
  field: 'current_password',
};

export const passwordSection = {
  id: 'password',
  title: 'Change your password',
  render() {
    const part = fromTemplate('password-template');
    const form = part.querySelector('form');
    onSubmit(form, async (values) => {
      if (values.new_password !== form.querySelector('#repeat-password').value) {
        showError('The two new passwords differ. Type the same new password twice.', {
          form,
          field: 'repeat-password',
        });
        return;
      }
      const result = await call('PUT', '/profile/password', {
        current_password: values.current_password,
        new_password: values.new_password,
      });
      if (result.ok) {
        form.reset();
        showStatus(
          'Your password is changed. Every other device where you were logged in is now logged' +
            ' out; this one stays logged in.',
          { focus: true, near: form },
        );
        sessionsChanged();
        return;
      }
      failed(result, form, { forbidden: WRONG_CURRENT, fields: { password: 'new_password' } });
    });
    return [part];
  },
};
