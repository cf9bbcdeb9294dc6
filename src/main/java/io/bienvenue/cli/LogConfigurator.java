package io.bienvenue.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration, found through {@code META-INF/services}: the text format of {@link
 * LogFormat#TEXT}, for every command. It steps aside for a file named with {@code
 * -Dlogback.configurationFile}, which Logback then reads itself: an operator's, or the tests' (the
 * build names it for them).
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  private static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

  /** Made by Logback. */
  public LogConfigurator() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (aFileConfiguresLogging()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogFormat.TEXT.configure(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Tells whether Logback reads a file instead: one named with {@code -Dlogback.configurationFile}.
   */
  static boolean aFileConfiguresLogging() {
    return System.getProperty(CONFIGURATION_FILE_PROPERTY) != null;
  }
}
