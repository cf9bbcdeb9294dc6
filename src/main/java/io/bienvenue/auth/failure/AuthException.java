package io.bienvenue.auth.failure;

import java.util.Objects;

/**
 * A domain outcome of {@code Auth} that the caller must handle: a taken email, a bad token, a
 * refused input. The message is safe to show a client; it never holds a secret. The family is
 * closed: each member names its {@link Reason}, and the HTTP layer maps reasons to statuses with a
 * {@code switch} that names every reason, so a new outcome cannot reach a client unmapped.
 */
public abstract sealed class AuthException extends RuntimeException
    permits AccountDisabledException,
        EmailAlreadyRegisteredException,
        EmailNotVerifiedException,
        InvalidCredentialsException,
        InvalidFieldException,
        InvalidLoginCodeException,
        InvalidOneTimeCodeException,
        InvalidPasskeyException,
        InvalidResetTokenException,
        InvalidVerificationTokenException,
        LoginCodesUnavailableException,
        NoSessionException,
        OneTimeCodeRequiredException,
        ServiceBusyException,
        TooManyAttemptsException,
        TwoFactorStateException,
        UnknownEmailException,
        UnknownPasskeyException,
        UnknownSessionException,
        WrongPasswordException {

  /**
   * What went wrong, one constant for each member of the family. Java 17 cannot switch over the
   * sealed classes themselves, so callers switch over this instead; {@code AuthExceptionTest}
   * checks that no two members share a reason.
   */
  public enum Reason {
    ACCOUNT_DISABLED,
    EMAIL_ALREADY_REGISTERED,
    EMAIL_NOT_VERIFIED,
    INVALID_CREDENTIALS,
    INVALID_FIELD,
    INVALID_LOGIN_CODE,
    INVALID_ONE_TIME_CODE,
    INVALID_PASSKEY,
    INVALID_RESET_TOKEN,
    INVALID_VERIFICATION_TOKEN,
    LOGIN_CODES_UNAVAILABLE,
    NO_SESSION,
    ONE_TIME_CODE_REQUIRED,
    SERVICE_BUSY,
    TOO_MANY_ATTEMPTS,
    TWO_FACTOR_STATE,
    UNKNOWN_EMAIL,
    UNKNOWN_PASSKEY,
    UNKNOWN_SESSION,
    WRONG_PASSWORD
  }

  private final Reason reason;

  AuthException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** What went wrong. */
  public final Reason reason() {
    return reason;
  }
}
