package io.bienvenue.auth;

import java.util.Objects;

/**
 * A single-use token issued for a mail that carries a link, and the address the mail goes to: the
 * email stored for the user, read from the database, never a spelling a request gave. Its {@link
 * #toString()} leaves the token out.
 *
 * @param to the user's stored email
 * @param token the token, in clear, to put in the link
 */
public record MailLink(String to, String token) {

  /** Checks that no component is null. */
  public MailLink {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(token, "token");
  }

  /** Returns the recipient only: the token is a secret. */
  @Override
  public String toString() {
    return "MailLink[to=" + to + "]";
  }
}
