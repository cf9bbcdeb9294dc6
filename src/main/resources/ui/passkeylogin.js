// Logging in with a passkey, on the login page: "Log in with a passkey" asks the browser for one
// of the passkeys it holds for this service (POST /sessions/passkey/options, then
// navigator.credentials.get), and sends its answer (POST /sessions/passkey); the service answers as
// for a password, and the person goes on as after one (return_to, or the profile). Where the
// browser offers passkeys in the email field's autofill (conditional mediation, the field's
// autocomplete="username webauthn"), a request waits for that from the start; the button aborts it
// before making its own, as a browser runs one request at a time. When the password is right and
// a one-time code is asked for, "Use a passkey instead" takes one of the account's passkeys as the
// second step (options with purpose=second_step, then POST /sessions with the email, the password
// and `passkey`, the credential's JSON text). The page offers none of this where it cannot use
// passkeys (an old browser, an IP address).

import { call, callWithJsonBody } from './api.js';
import { clearErrors, showError, showFailure } from './form.js';
import { passkeyProblem } from './messages.js';
import { returnAddress } from './returnto.js';
import { conditionalMediationAvailable, getPasskey, passkeysUnavailable } from './webauthn.js';

/** Offers passkeys on the login page, beside `passwordForm`. */
export function offerPasskeys(passwordForm) {
  if (passkeysUnavailable()) {
    return;
  }
  const button = document.getElementById('passkey-login');
  const secondStep = document.getElementById('otp-passkey');
  document.getElementById('passkey-offer').hidden = false;
  secondStep.hidden = false;
  // The request waiting for the autofill: { controller, settled }, or null.
  let autofill = null;

  const startAutofill = async () => {
    // Not while the button's request runs: the browser takes one at a time.
    if (!(await conditionalMediationAvailable()) || button.disabled || secondStep.disabled) {
      return;
    }
    const controller = new AbortController();
    const settled = (async () => {
      const options = await call('POST', '/sessions/passkey/options');
      if (!options.ok || controller.signal.aborted) {
        return;
      }
      let credential;
      try {
        credential = await getPasskey(options.body.publicKey, {
          mediation: 'conditional',
          signal: controller.signal,
        });
      } catch {
        // Aborted for the button, or given up by the browser: the button still works.
        return;
      }
      if (!(await logIn(credential, passwordForm))) {
        autofill = null;
        startAutofill();
      }
    })();
    autofill = { controller, settled };
  };

  /** Aborts the request waiting for the autofill, and waits until the browser has let it go. */
  const stopAutofill = async () => {
    const stopping = autofill;
    autofill = null;
    if (stopping) {
      stopping.controller.abort();
      await stopping.settled;
    }
  };

  /** The button's own request; whether it logged in. */
  const logInWithTheButton = async () => {
    await stopAutofill();
    const options = await call('POST', '/sessions/passkey/options');
    if (!options.ok) {
      showFailure(options, null);
      return false;
    }
    let credential;
    try {
      credential = await getPasskey(options.body.publicKey);
    } catch (error) {
      showError(passkeyProblem(error, false));
      return false;
    }
    return logIn(credential, passwordForm);
  };

  /** The second step's request: the password form's email and password, and a passkey. */
  const logInWithThePasswordAndAPasskey = async () => {
    await stopAutofill();
    const options = await call('POST', '/sessions/passkey/options', { purpose: 'second_step' });
    if (!options.ok) {
      showFailure(options, passwordForm);
      return false;
    }
    let credential;
    try {
      credential = await getPasskey(options.body.publicKey);
    } catch (error) {
      showError(passkeyProblem(error, false), { form: passwordForm });
      return false;
    }
    const fields = {
      email: passwordForm.elements.namedItem('email').value,
      password: passwordForm.elements.namedItem('password').value,
      passkey: JSON.stringify(credential),
    };
    const result = await call('POST', '/sessions', fields);
    if (result.ok) {
      window.location.assign(returnAddress());
      return true;
    }
    showFailure(result, passwordForm);
    return false;
  };

  for (const [control, logInWith] of [
    [button, logInWithTheButton],
    [secondStep, logInWithThePasswordAndAPasskey],
  ]) {
    control.addEventListener('click', async () => {
      if (control.disabled) {
        return;
      }
      control.disabled = true;
      clearErrors(passwordForm);
      const loggedIn = await logInWith();
      control.disabled = false;
      if (!loggedIn) {
        startAutofill();
      }
    });
  }
  startAutofill();
}

/** Sends the passkey's answer; once logged in, goes on as after a password. */
async function logIn(credential, passwordForm) {
  const result = await callWithJsonBody('POST', '/sessions/passkey', { credential });
  if (result.ok) {
    window.location.assign(returnAddress());
    return true;
  }
  clearErrors(passwordForm);
  showFailure(result, null);
  return false;
}
