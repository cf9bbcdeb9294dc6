// Login by a code sent by e-mail, on the login page. "Email me a code instead" swaps the password
// form for one that asks for a code (POST /sessions/email_code) and then takes the code from the
// mail (POST /sessions/email_code/verify), and the code of the authenticator app too if two-step
// login is on. The mailed link opens this page with the email and the code in its fragment
// (#email=...&token=...): they fill the form in and are taken out of the address bar, and nothing
// is sent until the person presses Log in, so a mail scanner that opens the link logs no one in.
// "Send another code" asks again for the same email (a new code voids the one sent before).

import { call } from './api.js';
import { clearErrors, onSubmit, showError, showFailure, showStatus } from './form.js';
import { returnAddress, withReturnToField } from './returnto.js';

const NOT_AVAILABLE =
  'Logging in with a code by e-mail is not available here: this service sends no mail.';

/** Wires the code form of the login page, beside `passwordForm`. */
export function offerEmailCode(passwordForm) {
  const form = document.getElementById('code-form');
  const offer = document.getElementById('code-offer');
  const codeField = document.getElementById('code-field');
  const otpField = document.getElementById('code-otp-field');
  const submit = document.getElementById('code-submit');
  const email = passwordForm.elements.namedItem('email');
  const emailField = email.closest('.field');
  const code = document.getElementById('email-code');

  // One email field, moved to the form in view: what the person typed stays.
  const showCodeForm = (codeForm) => {
    passwordForm.hidden = codeForm;
    offer.hidden = codeForm;
    form.hidden = !codeForm;
    (codeForm ? form : passwordForm).prepend(emailField);
  };
  const askForTheCode = () => {
    codeField.hidden = false;
    submit.textContent = 'Log in';
  };

  document.getElementById('code-switch').addEventListener('click', () => {
    showCodeForm(true);
    email.focus();
  });
  document.getElementById('password-switch').addEventListener('click', () => {
    showCodeForm(false);
    passwordForm.elements.namedItem('password').focus();
  });

  const mailed = new URLSearchParams(window.location.hash.slice(1));
  if (mailed.has('email') && mailed.has('token')) {
    history.replaceState(null, '', window.location.pathname + window.location.search);
    showCodeForm(true);
    email.value = mailed.get('email');
    code.value = mailed.get('token');
    askForTheCode();
    showStatus('Press Log in to log in with the code from your mail.');
    submit.focus();
  }

  const again = document.getElementById('code-again');
  again.addEventListener('click', async () => {
    if (again.disabled) {
      return;
    }
    again.disabled = true;
    clearErrors(form);
    const fields = withReturnToField({ email: email.value });
    const result = await call('POST', '/sessions/email_code', fields);
    again.disabled = false;
    if (!result.ok) {
      showFailure(result, form, { notFound: NOT_AVAILABLE });
      return;
    }
    code.value = '';
    showStatus(
      'If an account uses this email, a new code is on its way, and the one sent before no longer' +
        ' works. Check your spam folder if it does not arrive.',
    );
    code.focus();
  });

  onSubmit(form, async (values) => {
    if (codeField.hidden) {
      const result = await call('POST', '/sessions/email_code', withReturnToField(values));
      if (!result.ok) {
        showFailure(result, form, { notFound: NOT_AVAILABLE });
        return;
      }
      askForTheCode();
      showStatus(
        'If an account uses this email, a code is on its way. Enter it below: it works once,' +
          ' within 10 minutes. Check your spam folder if it does not arrive.',
      );
      code.focus();
      return;
    }
    const fields = { email: values.email, code: values.email_code.trim() };
    if (!otpField.hidden) {
      fields.otp = values.otp.trim();
    }
    const result = await call('POST', '/sessions/email_code/verify', fields);
    if (result.ok) {
      window.location.assign(returnAddress());
      return;
    }
    const message = String(result.body?.message ?? '');
    if (result.status === 401 && /one-time code required/i.test(message)) {
      otpField.hidden = false;
    }
    if (result.status === 401 && /wrong or expired code/i.test(message)) {
      showError(
        'That code is not right, was used already, or has expired. Check the mail, or ask for a' +
          ' new code.',
        { form, field: 'email_code' },
      );
      return;
    }
    showFailure(result, form, { notFound: NOT_AVAILABLE, fields: { code: 'email_code' } });
  });
}
