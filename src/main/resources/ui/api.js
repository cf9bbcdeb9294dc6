// The JSON API, called the way any client calls it: same origin, the session in its HttpOnly
// cookie, fields as a URL-encoded form. Every call resolves to a result, never throws:
//   { ok, status, body, retryAfter, network }
// where body is the parsed JSON ({} when there is none) and network is true when the service
// could not be reached at all. Paths are the API's own (/sessions); the base path is added here.

import { path as underBase } from './base.js';

/**
 * Sends `method path`, the path under the base path, with `fields` (an object of strings) as a
 * form, if given.
 */
export async function call(method, path, fields) {
  const init = {
    method,
    credentials: 'same-origin',
    // DELETE /sessions answers with a redirect to / (the base path), which fetch would follow with
    // DELETE again.
    redirect: 'manual',
    headers: { Accept: 'application/json' },
  };
  if (fields) {
    init.body = new URLSearchParams(fields);
  }
  let response;
  try {
    response = await fetch(underBase(path), init);
  } catch {
    return { ok: false, status: 0, body: {}, retryAfter: NaN, network: true };
  }
  if (response.type === 'opaqueredirect') {
    return { ok: true, status: 302, body: {}, retryAfter: NaN, network: false };
  }
  let body = {};
  try {
    body = await response.json();
  } catch {
    body = {};
  }
  return {
    ok: response.ok,
    status: response.status,
    body: body && typeof body === 'object' ? body : {},
    retryAfter: Number.parseInt(response.headers.get('Retry-After') ?? '', 10),
    network: false,
  };
}

/**
 * Sends `method path` with `value` as a JSON body (the passkey routes take the browser's
 * credential.toJSON() that way), and resolves to a result as call() does.
 */
export async function callWithJsonBody(method, path, value) {
  let response;
  try {
    response = await fetch(underBase(path), {
      method,
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(value),
    });
  } catch {
    return { ok: false, status: 0, body: {}, retryAfter: NaN, network: true };
  }
  const body = await response.json().catch(() => ({}));
  return {
    ok: response.ok,
    status: response.status,
    body: body && typeof body === 'object' ? body : {},
    retryAfter: Number.parseInt(response.headers.get('Retry-After') ?? '', 10),
    network: false,
  };
}
