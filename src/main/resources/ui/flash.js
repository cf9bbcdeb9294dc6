// A message for the next page (and the email to fill in there), kept in sessionStorage for one
// page load: "your account is created", "you are logged out".

const KEY = 'bienvenue.flash';

/** Leaves `message` (and `email`, if given) for the next page this tab opens. */
export function leave(message, email = '') {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ message, email }));
  } catch {
    // Storage refused (a private window's quota): the next page simply shows no message.
  }
}

/** The message left by the previous page, once: { message, email }, or null. */
export function take() {
  try {
    const stored = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    const flash = stored ? JSON.parse(stored) : null;
    return flash && typeof flash.message === 'string' ? flash : null;
  } catch {
    return null;
  }
}
