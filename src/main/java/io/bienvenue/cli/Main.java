package io.bienvenue.cli;

/** The entry point of {@code ./bienvenue}: hands the command line to the CLI. */
public final class Main {

  private Main() {}

  /** Runs the command {@code args} names and exits with its status. */
  public static void main(String[] args) {
    System.exit(BienvenueCommand.run(args));
  }
}
