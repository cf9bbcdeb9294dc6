package io.bienvenue.relyingparty;

import io.bienvenue.testing.ServerProcess;
import io.bienvenue.testing.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Apache httpd with mod_auth_openidc in the foreground, as an operator runs it with {@code
 * deploy/apache-oidc.conf.template}: a server configuration of its own (its ServerRoot, pid file,
 * logs and runtime files in a temporary folder, a free port of 127.0.0.1) that includes the
 * template with its placeholders filled in, and serves {@code /private/whoami}, a CGI script that
 * prints what Apache passes on to the app. Closing stops it and removes its folder.
 */
final class Apache implements AutoCloseable {

  /** The environment variable naming Apache's executable, such as {@code /usr/sbin/apache2}. */
  static final String EXECUTABLE_VARIABLE = "BIENVENUE_TEST_APACHE";

  /** The operator's example, rendered by the test as an operator fills it in. */
  static final Path TEMPLATE = Path.of("deploy", "apache-oidc.conf.template");

  /** The page the template protects, which the CGI script answers. */
  static final String PROTECTED_PAGE = "/private/whoami";

  private static final Path MODULES = Path.of("/usr/lib/apache2/modules");
  private static final List<String> MODULE_NAMES =
      List.of(
          "mpm_prefork", "authn_core", "authz_core", "authz_user", "alias", "cgi", "auth_openidc");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  /** What the app behind Apache sees: the claims as CGI variables, and one request header. */
  private static final String WHOAMI_SCRIPT =
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\n'
      printf 'email=%s\\n' "$OIDC_CLAIM_email"
      printf 'sub=%s\\n' "$OIDC_CLAIM_sub"
      printf 'remote_user=%s\\n' "$REMOTE_USER"
      printf 'header_email=%s\\n' "$HTTP_OIDC_CLAIM_EMAIL"
      """;

  private final Process process;
  private final Path folder;
  private final int port;

  private Apache(Process process, Path folder, int port) {
    this.process = process;
    this.folder = folder;
    this.port = port;
  }

  /** A free port for Apache, to know its origin (and so its redirect URI) before it starts. */
  static int freePort() throws IOException {
    return ServiceProcess.freePort();
  }

  /** The origin a browser reaches Apache on listening at {@code port}: {@code localhost}'s. */
  static String origin(int port) {
    return "http://localhost:" + port;
  }

  /**
   * Starts Apache on {@code port} with the {@link #TEMPLATE}, each placeholder (a key of {@code
   * placeholders}, such as {@code @CLIENT_ID@}) replaced by its value; returns once it accepts.
   */
  static Apache start(int port, Map<String, String> placeholders) throws Exception {
    Path folder =
        Files.createTempDirectory(
            "bienvenue-apache", PosixFilePermissions.asFileAttribute(readableByAll()));
    try {
      Path cgi = Files.createDirectory(folder.resolve("cgi"));
      Files.setPosixFilePermissions(cgi, readableByAll());
      Path script = Files.writeString(cgi.resolve("whoami"), WHOAMI_SCRIPT);
      Files.setPosixFilePermissions(script, readableByAll());
      String site = Files.readString(TEMPLATE, StandardCharsets.UTF_8);
      for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
        site = site.replace(placeholder.getKey(), placeholder.getValue());
      }
      Files.writeString(folder.resolve("oidc.conf"), site, StandardCharsets.UTF_8);
      Path config = folder.resolve("httpd.conf");
      Files.writeString(config, serverConfig(folder, port), StandardCharsets.UTF_8);
      // In a session of its own: at shutdown Apache signals its whole process group, which would
      // otherwise be this JVM's.
      Process process =
          new ProcessBuilder(
                  "setsid",
                  ProvidedExecutable.named(EXECUTABLE_VARIABLE),
                  "-f",
                  config.toString(),
                  "-DFOREGROUND")
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("apache.out").toFile())
              .start();
      Apache apache = new Apache(process, folder, port);
      try {
        ServerProcess.awaitAccepting(process, port, START_TIMEOUT, "Apache", apache::errorLog);
        return apache;
      } catch (Exception | AssertionError e) {
        apache.close();
        throw e;
      }
    } catch (Exception | AssertionError e) {
      if (Files.exists(folder)) {
        delete(folder);
      }
      throw e;
    }
  }

  /** The origin a browser reaches this Apache on. */
  String origin() {
    return origin(port);
  }

  /** Apache's error log and its standard output, for messages. */
  String errorLog() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("error.log", "apache.out")) {
      Path log = folder.resolve(name);
      try {
        if (Files.exists(log)) {
          text.append(Files.readString(log, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        text.append("(").append(name).append(" unreadable: ").append(e).append(")\n");
      }
    }
    return text.toString();
  }

  /** Stops Apache (SIGTERM) and its children, then removes its folder. */
  @Override
  public void close() {
    try {
      ServerProcess.stop(process);
    } finally {
      delete(folder);
    }
  }

  private static String serverConfig(Path folder, int port) {
    StringBuilder config = new StringBuilder();
    config.append("ServerRoot ").append(folder).append('\n');
    config.append("ServerName localhost\n");
    config.append("Listen 127.0.0.1:").append(port).append('\n');
    config.append("PidFile ").append(folder.resolve("httpd.pid")).append('\n');
    config.append("DefaultRuntimeDir ").append(folder).append('\n');
    config.append("ErrorLog ").append(folder.resolve("error.log")).append('\n');
    config.append("LogLevel warn auth_openidc:info\n");
    // Run as root (as in CI), Apache must hand its children to another user, which reads the
    // script through the folder made readable by all.
    if ("root".equals(System.getProperty("user.name"))) {
      config.append("User daemon\nGroup daemon\n");
    }
    for (String module : MODULE_NAMES) {
      config
          .append("LoadModule ")
          .append(module)
          .append("_module ")
          .append(MODULES.resolve("mod_" + module + ".so"))
          .append('\n');
    }
    config.append("StartServers 1\nMinSpareServers 1\nMaxSpareServers 4\nMaxRequestWorkers 8\n");
    // The app behind the protected location: the CGI script.
    config.append("ScriptAlias /private/ ").append(folder.resolve("cgi")).append("/\n");
    config.append("Include ").append(folder.resolve("oidc.conf")).append('\n');
    return config.toString();
  }

  private static Set<PosixFilePermission> readableByAll() {
    return PosixFilePermissions.fromString("rwxr-xr-x");
  }

  private static void delete(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
