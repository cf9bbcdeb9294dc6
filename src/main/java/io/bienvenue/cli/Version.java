package io.bienvenue.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}: the one in the jar's manifest. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {"bienvenue " + (version == null ? "(development build)" : version)};
  }
}
