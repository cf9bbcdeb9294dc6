package io.bienvenue.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Every line a process prints, read as it comes so its pipe never fills. */
final class ProcessOutput {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile boolean ended;

  ProcessOutput(Process process) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(output unreadable: " + e.getMessage() + ")");
              } finally {
                ended = true;
              }
            },
            "process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Returns the first line containing {@code marker}, waiting a minute at most. */
  String await(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        if (line.contains(marker)) {
          return line;
        }
      }
      if (ended) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no '" + marker + "' in the output:\n" + String.join("\n", lines));
  }
}
