// The confirmation page, opened from the link in the verification mail:
// /ui/verify#email=...&token=... (read and taken out of the address bar by link.js). Opening it
// confirms nothing: it says which address the link confirms, and only a press of its button sends
// POST /verify_email, so a mail scanner that runs scripts, or a person who opens a link they did
// not ask for, verifies no one's account (account pre-hijacking). Opened without a link, or with
// one that no longer works, it offers to mail a new link instead.

import { call } from './api.js';
import { onSubmit, showError, showFailure, showStatus } from './form.js';
import { leave } from './flash.js';
import { takeLink } from './link.js';
import { keepReturnTo, withReturnToField } from './returnto.js';

const form = document.getElementById('resend-form');
const confirmForm = document.getElementById('confirm-form');
const lead = document.getElementById('verify-lead');
const { email, token } = takeLink();
keepReturnTo();

const EXPIRED =
  'This confirmation link is invalid or has expired (a link works once, for a limited time).' +
  ' If your address is not confirmed yet, ask for a new link below.';

/** Says whose address the link confirms, and waits for the button. */
function offerToConfirm() {
  form.hidden = true;
  confirmForm.hidden = false;
  const who = Object.assign(document.createElement('strong'), { textContent: email });
  lead.replaceChildren('Confirm that ', who, ' is your email address.');
}

async function verify() {
  lead.textContent = 'Confirming your email address…';
  const result = await call('POST', '/verify_email', { email, token });
  confirmForm.hidden = true;
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

onSubmit(confirmForm, verify);

if (email && token) {
  offerToConfirm();
} else if (email || token) {
  showError(
    'This page opens from the link in the confirmation e-mail, and this address lacks part of' +
      ' it. Ask for a new link below.',
  );
}

onSubmit(form, async (values) => {
  const result = await call('POST', '/verify_email/resend', withReturnToField(values));
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
