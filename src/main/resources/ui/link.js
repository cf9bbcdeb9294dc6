// The email and token a mailed link carries in its fragment: /ui/PAGE#email=...&token=... The
// fragment never reaches a server; takeLink() reads it, then removes it from the address bar and
// the history, so the token does not linger there (the query, which holds a return_to, stays).

/** The { email, token } of the address's fragment ('' for a part it lacks), removed from it. */
export function takeLink() {
  const link = new URLSearchParams(window.location.hash.slice(1));
  if (window.location.hash) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return { email: link.get('email') ?? '', token: link.get('token') ?? '' };
}
