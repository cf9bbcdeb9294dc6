package io.bienvenue.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --max-bcrypt-cost} option, shared by {@code serve}, {@code check} and the import
 * commands: one cap, and one variable, so that an import never takes a hash the service would
 * refuse to verify.
 */
final class BcryptCapOption {

  @Option(
      names = "--max-bcrypt-cost",
      description =
          "The highest bcrypt cost of a stored hash a login verifies (from --bcrypt-cost to 31);"
              + " a login for a hash above it is answered as a wrong password, after the usual"
              + " work, and an import skips a row whose hash is above it."
              + " Env: BIENVENUE_MAX_BCRYPT_COST. Default: ${DEFAULT-VALUE}.")
  int maxCost;
}
