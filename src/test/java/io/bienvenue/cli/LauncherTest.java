package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./bienvenue} launcher on a fresh checkout, started twice at the same moment: one
 * builds the jar while the other waits for it under the build lock, and neither fails on the
 * other's half-written artifact (the two Maven builds used to race: "Could not replace original
 * artifact with shaded artifact"). A copy of the checkout (the launcher, its build script and JVM
 * options, the wrapper, the pom and the main sources) in a folder of its own, so that the build
 * there touches nothing of this one.
 */
class LauncherTest {

  private static final Path PROJECT = Path.of(System.getProperty("user.dir"));
  private static final long MINUTES = 4;

  @TempDir Path checkout;

  @Test
  void twoLaunchesAtOnceOnAFreshCheckoutBothSucceedAndOnlyOneBuilds() throws Exception {
    for (String file : List.of("bienvenue", "jvm.options", "mvnw", "pom.xml")) {
      Files.copy(PROJECT.resolve(file), checkout.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    copyTree(PROJECT.resolve("scripts"), checkout.resolve("scripts"));
    copyTree(PROJECT.resolve(".mvn"), checkout.resolve(".mvn"));
    copyTree(PROJECT.resolve("src/main"), checkout.resolve("src/main"));

    List<Process> launches = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ProcessBuilder builder =
          new ProcessBuilder("./bienvenue", "--help")
              .directory(checkout.toFile())
              .redirectErrorStream(true)
              .redirectOutput(checkout.resolve("launch-" + i + ".log").toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("BIENVENUE_"));
      launches.add(builder.start());
    }
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < launches.size(); i++) {
      Process launch = launches.get(i);
      boolean ended = launch.waitFor(MINUTES, TimeUnit.MINUTES);
      if (!ended) {
        launch.destroyForcibly();
      }
      String output =
          Files.readString(checkout.resolve("launch-" + i + ".log"), StandardCharsets.UTF_8);
      outputs.add(output);
      assertThat(ended).as("launch %d ended within %d minutes:%n%s", i, MINUTES, output).isTrue();
      assertThat(launch.exitValue()).as("launch %d:%n%s", i, output).isZero();
      assertThat(output).as("launch %d", i).contains("Usage: bienvenue");
    }
    assertThat(outputs.stream().filter(o -> o.contains("bienvenue: building")).count())
        .as("launches that built the jar:%n%s", String.join("\n----\n", outputs))
        .isEqualTo(1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      paths.forEach(
          path -> {
            Path target = to.resolve(from.relativize(path).toString());
            try {
              if (Files.isDirectory(path)) {
                Files.createDirectories(target);
              } else {
                Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
