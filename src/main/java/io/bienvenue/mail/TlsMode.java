package io.bienvenue.mail;

/** How the connection to the SMTP server is protected. */
public enum TlsMode {
  /** Plain SMTP, in clear: only for a relay on the same host, or a test server. */
  NONE,
  /**
   * SMTP upgraded to TLS by STARTTLS before anything is sent, usually on port 587. A server that
   * does not offer STARTTLS, or whose certificate does not match the host name, is refused.
   */
  STARTTLS_REQUIRED,
  /** SMTP inside TLS from the first byte, usually on port 465, with the host name checked. */
  SMTPS
}
