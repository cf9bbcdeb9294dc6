// What the API says, in words a person understands. describe() turns a result of api.call into
// { text, field }: the sentence to show, and the name of the form field it is about (or '').

const NAMES = {
  email: 'your email address',
  password: 'your password',
  new_password: 'a new password',
  confirm_password: 'the new password a second time',
  reset_token: 'the reset token: open the link from the e-mail again',
  otp: 'the one-time code',
  current_password: 'your current password',
  code: 'the code from your authenticator app',
  email_code: 'the code from the mail',
  name: 'a name for the passkey',
};

/** What the API's 409s (the state of two-step login) mean. */
const CONFLICTS = {
  'two-factor login is already on':
    'Two-step login is already on for this account. To move it to another app, turn it off first.',
  'two-factor login is not on': 'Two-step login is not on for this account.',
  'no two-factor enrolment is pending':
    'This set-up has expired or was replaced. Start the set-up again.',
};

/** The one message of every refused passkey answer. */
export const PASSKEY_REFUSED = 'passkey not accepted';

/** The waiting time of a Retry-After header, in words. */
export function waitFor(seconds) {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return 'a few minutes';
  }
  if (seconds < 60) {
    return seconds === 1 ? '1 second' : `${seconds} seconds`;
  }
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The sentence for a failed call. `context` may say what a status means on this route:
 *   forbidden: the words for a 403 (which means different things on different routes), or
 *     { text, field } to mark a field as well;
 *   notFound: the words for a 404;
 *   fields: the names this form gives the API's fields, where they differ ({ otp: 'code' }).
 */
export function describe(result, context = {}) {
  const { text, field } = sentence(result, context);
  return { text, field: context.fields?.[field] ?? field };
}

function sentence(result, context) {
  const message = typeof result.body?.message === 'string' ? result.body.message : '';
  if (result.network) {
    return {
      text: 'The service could not be reached. Check your connection, then try again.',
      field: '',
    };
  }
  switch (result.status) {
    case 400:
      return badRequest(message);
    case 401:
      return unauthorized(message);
    case 403:
      return forbidden(message, context.forbidden);
    case 404:
      return { text: context.notFound ?? 'That was not found.', field: '' };
    case 409:
      return { text: CONFLICTS[message] ?? `That cannot be done now: ${message}.`, field: '' };
    case 429:
      return {
        text: `Too many attempts. Please wait ${waitFor(result.retryAfter)} before trying again.`,
        field: '',
      };
    case 503:
      return { text: 'The service is busy right now. Please try again in a moment.', field: '' };
    default:
      break;
  }
  if (result.status >= 500) {
    const id = typeof result.body?.error_id === 'string' ? ` (error ${result.body.error_id})` : '';
    return { text: `Something went wrong on our side${id}. Please try again later.`, field: '' };
  }
  return { text: `The request failed: ${message || `status ${result.status}`}.`, field: '' };
}

function forbidden(message, words) {
  if (message === 'cross-site request refused') {
    return { text: 'The request was refused because it came from another site.', field: '' };
  }
  if (message === 'no valid session') {
    return { text: 'Your session has ended. Please log in again.', field: '' };
  }
  if (message === 'email not verified') {
    return {
      text: 'Please confirm your email address first: open the link in the message we sent you.',
      field: '',
    };
  }
  if (words && typeof words === 'object') {
    return { text: words.text, field: words.field ?? '' };
  }
  return { text: words ?? 'You are not allowed to do that.', field: '' };
}

/** A missing field, a taken email, an email that is not one, a password the policy refuses. */
export function badRequest(message) {
  if (message === 'email already registered') {
    return {
      text: 'An account with this email already exists. Log in, or reset its password.',
      field: 'email',
    };
  }
  if (message === PASSKEY_REFUSED) {
    return {
      text: 'The passkey was not accepted: it may have taken too long. Please try again.',
      field: '',
    };
  }
  if (message.startsWith('name must be')) {
    return { text: 'Please give the passkey a name of at most 64 characters.', field: 'name' };
  }
  const missing = /^(\w+) is required$/.exec(message);
  if (missing) {
    const name = missing[1];
    return { text: `Please enter ${NAMES[name] ?? name}.`, field: name };
  }
  if (message.startsWith('email ')) {
    return {
      text: 'This does not look like an email address. Check it and try again.',
      field: 'email',
    };
  }
  if (message.startsWith('password ')) {
    return {
      text: `Please choose another password: ${message.replace(/^password /, 'it ')}.`,
      field: 'password',
    };
  }
  return { text: `The request was refused: ${message || 'it was malformed'}.`, field: '' };
}

function unauthorized(message) {
  if (message === PASSKEY_REFUSED) {
    return {
      text:
        'That passkey was not accepted: it may have been removed from your account. Try another' +
        ' one, or log in with your password.',
      field: '',
    };
  }
  if (/one-time code required/i.test(message)) {
    return {
      text: 'This account uses two-step login: enter the code from your authenticator app.',
      field: 'otp',
    };
  }
  if (/invalid one-time code/i.test(message)) {
    return {
      text: 'That one-time code is not right. Check your authenticator app and try again.',
      field: 'otp',
    };
  }
  return { text: 'The email or password is incorrect.', field: 'password' };
}

/**
 * The sentence for `error`, what the browser threw when asked to make (`making`) or to use a
 * passkey (a DOMException, by its name). An AbortError, the page's own cancelling, needs none.
 */
export function passkeyProblem(error, making) {
  switch (error?.name) {
    case 'NotAllowedError':
      return making
        ? 'No passkey was made: it was cancelled, or took too long. Try again when you are ready.'
        : 'No passkey was used: it was cancelled, or took too long. Try again when you are ready.';
    case 'InvalidStateError':
      return 'This device or password manager already holds a passkey for your account.';
    case 'SecurityError':
      return 'Passkeys cannot be used at this address. Open this page at the address of the service.';
    case 'NotSupportedError':
      return 'This browser cannot make a passkey of the kind this service asks for.';
    default:
      return `The browser could not use a passkey${error?.message ? `: ${error.message}` : ''}.`;
  }
}
