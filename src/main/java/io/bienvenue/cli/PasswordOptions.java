package io.bienvenue.cli;

import io.bienvenue.auth.password.PasswordPolicy;
import picocli.CommandLine.Option;

/**
 * The options that decide how a new password is accepted and hashed: the mode, production's minimum
 * length, and the bcrypt cost. Shared by {@code serve}, {@code check} and {@code user add}, so that
 * a user an operator adds gets the service's own rules. Defaults come from {@link OptionDefaults}.
 */
final class PasswordOptions {

  @Option(
      names = "--bcrypt-cost",
      description =
          "bcrypt cost (log2 rounds, 4-31) of new password hashes."
              + " Env: BIENVENUE_BCRYPT_COST. Default: ${DEFAULT-VALUE}.")
  int bcryptCost;

  @Option(
      names = "--production",
      description =
          "Production mode: new passwords follow the production policy; serve also sends reset"
              + " tokens by e-mail only and sets Secure cookies, expects a TLS proxy in front and"
              + " refuses to start without working mail. Env: BIENVENUE_PRODUCTION=true.")
  boolean production;

  @Option(
      names = "--password-min-length",
      description =
          "Production: the fewest characters a new password has, at least 8."
              + " Env: BIENVENUE_PASSWORD_MIN_LENGTH. Default: ${DEFAULT-VALUE}.")
  int passwordMinLength;

  /**
   * The password policy of the mode: production's with its minimum length, or development's.
   *
   * @throws IllegalArgumentException if the minimum length is below 8 in production
   */
  PasswordPolicy policy() {
    return production ? PasswordPolicy.production(passwordMinLength) : PasswordPolicy.development();
  }
}
