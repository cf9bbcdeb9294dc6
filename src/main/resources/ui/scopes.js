// What each OpenID Connect scope lets an app see, in words: the consent page asks with them, and
// the profile's "Apps with access" shows them.

/** The words of each scope this service grants. */
export const SCOPES = {
  openid: 'A stable, anonymous identifier of your account',
  email: 'Your email address, and whether it is confirmed',
  offline_access: 'The same while you are away, until you take it back',
};

/** The words of `scope`, or the scope itself when it has none. */
export function describeScope(scope) {
  return SCOPES[scope] ?? scope;
}
