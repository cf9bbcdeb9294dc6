package io.bienvenue.testing;

import java.io.File;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The class path a {@code bienvenue} process started by a test runs with: the tests' own, less the
 * compiled tests. The process then sets itself up as in production, logging included (the tests'
 * {@code logback-test.xml} is not there to take over).
 */
public final class MainClassPath {

  private MainClassPath() {}

  /** The class path of this JVM without its {@code test-classes} directories. */
  public static String withoutTests() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
