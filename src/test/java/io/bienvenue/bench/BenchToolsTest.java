package io.bienvenue.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's Java tools ({@code bench/tools}) run as source files against the service's
 * classes, outside the Maven build: this compiles them against those classes, so a renamed class or
 * a changed signature fails the build here rather than the next benchmark run.
 */
class BenchToolsTest {

  @TempDir Path out;

  @Test
  void theBenchmarksToolsCompileAgainstTheServicesClasses() throws IOException {
    List<String> sources;
    try (Stream<Path> files = Files.list(Path.of("bench", "tools"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> arguments = new ArrayList<>();
    arguments.addAll(
        List.of(
            "--release",
            "17",
            "-proc:none",
            "-d",
            out.toString(),
            "-cp",
            System.getProperty("java.class.path")));
    arguments.addAll(sources);
    ByteArrayOutputStream errors = new ByteArrayOutputStream();

    int status = javac.run(null, null, errors, arguments.toArray(String[]::new));

    assertThat(sources).isNotEmpty();
    assertThat(status).as("javac says:%n%s", errors.toString(UTF_8)).isZero();
  }
}
