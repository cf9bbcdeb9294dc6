package io.bienvenue.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.List;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * How the commands write their log: lines for people, or one JSON object per line for machines. Set
 * up in code rather than in a Logback XML file, whose parsing was a tenth of a second of every
 * start. An operator's own file, named with {@code -Dlogback.configurationFile}, still wins.
 */
enum LogFormat {
  /** Time, level, thread, logger, request id, message. */
  TEXT,
  /** Logstash's JSON fields, with {@code request_id}. */
  JSON;

  private static final String TEXT_PATTERN =
      "%d{ISO8601} %-5level [%thread] %logger{24} %X{request_id:-} - %msg%n";

  /** Libraries whose INFO lines say nothing an operator needs. */
  private static final List<String> QUIET_LIBRARIES =
      List.of("org.eclipse.jetty", "com.zaxxer.hikari", "io.javalin", "org.flywaydb");

  /** Reads {@code text} or {@code json}, in any case. */
  static LogFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--log-format must be text or json, not '" + value + "'");
    }
  }

  /**
   * Reconfigures Logback for this format; from now on every line is written this way. Does nothing
   * when a file configures Logback ({@link LogConfigurator#aFileConfiguresLogging}).
   */
  void apply() {
    if (LogConfigurator.aFileConfiguresLogging()
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    configure(context);
  }

  /** Sends INFO and above to standard output in this format, the chatty libraries at WARN. */
  void configure(LoggerContext context) {
    Encoder<ILoggingEvent> encoder = encoder(context);
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    for (String library : QUIET_LIBRARIES) {
      context.getLogger(library).setLevel(Level.WARN);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
  }

  private Encoder<ILoggingEvent> encoder(LoggerContext context) {
    if (this == JSON) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.getFieldNames().setLevelValue("[ignore]");
      json.getFieldNames().setVersion("[ignore]");
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
