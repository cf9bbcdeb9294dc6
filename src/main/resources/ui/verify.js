// The confirmation page, opened from the link in the verification mail:
// /ui/verify#email=...&token=... (read and taken out of the address bar by link.js), which it
// sends to POST /verify_email at once. Opened without a link, or with one that no longer works,
// it offers to mail a new link instead.

import { call } from './api.js';
import { onSubmit, showError, showFailure, showStatus } from './form.js';
import { leave } from './flash.js';
import { takeLink } from './link.js';

const form = document.getElementById('resend-form');
const lead = document.getElementById('verify-lead');
const { email, token } = takeLink();

const EXPIRED =
  'This confirmation link is invalid or has expired (a link works once, for a limited time).' +
  ' If your address is not confirmed yet, ask for a new link below.';

async function verify() {
  form.hidden = true;
  lead.textContent = 'Confirming your email address…';
  const result = await call('POST', '/verify_email', { email, token });
  if (result.ok) {
    const who = Object.assign(document.createElement('strong'), { textContent: email });
    lead.replaceChildren('The email address ', who, ' is confirmed.');
    leave('Your email address is confirmed. Log in to continue.', email);
    showStatus('Your email address is confirmed. You can log in now.', { focus: true });
    return;
  }
  lead.textContent = 'Enter the email of your account to get a new link to confirm it.';
  form.hidden = false;
  form.elements.namedItem('email').value = email;
  showFailure(result, form, { forbidden: EXPIRED });
}

if (email && token) {
  verify();
} else if (email || token) {
  showError(
    'This page opens from the link in the confirmation e-mail, and this address lacks part of' +
      ' it. Ask for a new link below.',
  );
}

onSubmit(form, async (values) => {
  const result = await call('POST', '/verify_email/resend', values);
  if (result.ok) {
    showStatus(
      'If an account uses this email and waits for confirmation, a message with a new link is on' +
        ' its way. The link works for a limited time; check your spam folder if it does not' +
        ' arrive.',
      { focus: true },
    );
    return;
  }
  showFailure(result, form);
});
