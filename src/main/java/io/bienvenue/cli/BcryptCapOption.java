package io.bienvenue.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --max-bcrypt-cost} option of the import commands: the same cap, and the same variable,
 * as {@code serve}'s, so that an import never takes a hash the service would refuse to verify.
 */
final class BcryptCapOption {

  @Option(
      names = "--max-bcrypt-cost",
      description =
          "Refuse a row whose hash has a higher bcrypt cost: the service never verifies one"
              + " (serve's --max-bcrypt-cost). Env: BIENVENUE_MAX_BCRYPT_COST."
              + " Default: ${DEFAULT-VALUE}.")
  int maxCost;
}
