// Passkeys in this browser, in WebAuthn Level 3's JSON forms: whether this page can use them,
// making one from the creation options the service answers, and getting one from its request
// options. The options go in as the service sends them (PublicKeyCredential.parse…FromJSON) and the
// credential goes back as credential.toJSON(): no binary handling here. Every call may throw the
// browser's DOMException (messages.passkeyProblem says it in words).

/**
 * Why this page cannot use passkeys: 'browser' when the browser has no WebAuthn JSON forms,
 * 'address' when the page is opened at an address no passkey can belong to (an IP address, or one
 * that is not a secure context), or '' when it can.
 */
export function passkeysUnavailable() {
  if (!window.isSecureContext || isIpAddress(window.location.hostname)) {
    return 'address';
  }
  const api = window.PublicKeyCredential;
  if (
    !api ||
    typeof api.parseCreationOptionsFromJSON !== 'function' ||
    typeof api.parseRequestOptionsFromJSON !== 'function' ||
    !navigator.credentials
  ) {
    return 'browser';
  }
  return '';
}

/** Whether the browser offers passkeys in the autofill of a field (conditional mediation). */
export async function conditionalMediationAvailable() {
  try {
    return (await window.PublicKeyCredential?.isConditionalMediationAvailable?.()) === true;
  } catch {
    return false;
  }
}

/** Makes a passkey from `publicKey`, the service's creation options; returns its toJSON(). */
export async function createPasskey(publicKey) {
  const credential = await navigator.credentials.create({
    publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(publicKey),
  });
  return credential.toJSON();
}

/**
 * Asks the browser for a passkey answering `publicKey`, the service's request options, with
 * `mediation` ('conditional' for the autofill) and an AbortSignal; returns its toJSON().
 */
export async function getPasskey(publicKey, { mediation, signal } = {}) {
  const request = { publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(publicKey) };
  if (mediation) {
    request.mediation = mediation;
  }
  if (signal) {
    request.signal = signal;
  }
  const credential = await navigator.credentials.get(request);
  return credential.toJSON();
}

/** An IPv4 or IPv6 literal, never a valid relying party id. */
function isIpAddress(host) {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || host.includes(':');
}
