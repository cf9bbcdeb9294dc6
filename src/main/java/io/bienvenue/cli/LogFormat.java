package io.bienvenue.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** How {@code serve} writes its log: lines for people, or one JSON object per line for machines. */
enum LogFormat {
  /** {@code logback.xml}: time, level, thread, logger, request id, message. */
  TEXT("/logback.xml"),
  /** {@code logback-json.xml}: Logstash's JSON fields, with {@code request_id}. */
  JSON("/logback-json.xml");

  private final String configuration;

  LogFormat(String configuration) {
    this.configuration = configuration;
  }

  /** Reads {@code text} or {@code json}, in any case. */
  static LogFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--log-format must be text or json, not '" + value + "'");
    }
  }

  /** Reconfigures Logback for this format; from now on every line is written this way. */
  void apply() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    URL resource = LogFormat.class.getResource(configuration);
    if (resource == null) {
      throw new IllegalStateException("the log configuration " + configuration + " is missing");
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(resource);
    } catch (JoranException e) {
      throw new IllegalStateException("the log configuration " + configuration + " is broken", e);
    }
  }
}
