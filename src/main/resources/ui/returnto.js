// The return_to address a page was opened with (/ui/login?return_to=https://app.example.com/x):
// where the person goes once done. The pages carry it through every step (the links between them
// keep ?return_to=), and when done go to /ui/return?to=..., where the server checks it against its
// allow-list and sends anything else to the profile: no script decides that an address is safe.
// The paths given here are the service's own (/ui/login); what comes back is under the base path.

import { path as underBase } from './base.js';

const returnTo = new URLSearchParams(window.location.search).get('return_to') ?? '';

/** `path` (a page of the service) under the base path, with this page's return_to, if any. */
export function withReturnTo(path) {
  return carryReturnTo(underBase(path));
}

/** `address` (a path already under the base path) with this page's return_to in its query. */
function carryReturnTo(address) {
  if (!returnTo) {
    return address;
  }
  const url = new URL(address, window.location.origin);
  url.searchParams.set('return_to', returnTo);
  return url.pathname + url.search + url.hash;
}

/** Makes every link of the page to another page of the service carry this page's return_to. */
export function keepReturnTo() {
  const pages = underBase('/ui');
  for (const link of document.querySelectorAll(`a[href^="${pages}"]`)) {
    const href = link.getAttribute('href');
    if (!href.startsWith(`${pages}/assets/`)) {
      link.setAttribute('href', carryReturnTo(href));
    }
  }
}

/** Where to go once done: the server's check of return_to, or the profile when there is none. */
export function returnAddress() {
  return underBase(returnTo ? `/ui/return?to=${encodeURIComponent(returnTo)}` : '/ui/profile');
}

/**
 * `fields` with this page's return_to added as `return_to`, for a request that queues a mail: the
 * mail's link then carries it (the server drops one its allow-list refuses).
 */
export function withReturnToField(fields) {
  return returnTo ? { ...fields, return_to: returnTo } : fields;
}

/** Whether this page was opened with a return_to. */
export function hasReturnTo() {
  return returnTo !== '';
}
