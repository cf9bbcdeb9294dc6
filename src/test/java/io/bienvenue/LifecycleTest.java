package io.bienvenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service's lifecycle: parts close in the reverse of their order, a failed start closes what
 * had opened, and no failure to close stops the others from closing.
 */
class LifecycleTest {

  private final List<String> closed = new ArrayList<>();
  private final Lifecycle lifecycle = new Lifecycle();

  private void registerPart(String name) {
    lifecycle.register(() -> closed.add(name));
  }

  private void registerFailingPart(String name) {
    lifecycle.register(
        () -> {
          closed.add(name);
          throw new IOException(name + " failed to close");
        });
  }

  @Test
  void partsCloseInTheReverseOfTheOrderTheyWereRegistered() {
    registerPart("metrics");
    registerPart("database");
    registerPart("hasher");

    lifecycle.close();

    assertThat(closed).containsExactly("hasher", "database", "metrics");
  }

  @Test
  void aFailedStartClosesWhatOpenedAndThrowsItsOwnFailureWithTheClosingOnesSuppressed() {
    registerPart("metrics");
    registerFailingPart("database");
    registerPart("hasher");
    RuntimeException failure = new IllegalStateException("cannot migrate the database");

    RuntimeException thrown = lifecycle.closeAfter(failure);

    assertThat(thrown).isSameAs(failure);
    assertThat(closed).containsExactly("hasher", "database", "metrics");
    assertThat(thrown.getSuppressed())
        .extracting(Throwable::getMessage)
        .containsExactly("database failed to close");
  }

  @Test
  void aPartThatFailsToCloseLetsTheOthersCloseAndEachFailureIsSuppressedInOneError() {
    registerFailingPart("metrics");
    registerPart("database");
    registerFailingPart("hasher");

    assertThatThrownBy(lifecycle::close)
        .isInstanceOf(IllegalStateException.class)
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("hasher failed to close", "metrics failed to close"));
    assertThat(closed).containsExactly("hasher", "database", "metrics");
  }

  @Test
  void aSecondCloseClosesNothingAgain() {
    registerPart("database");

    lifecycle.close();
    lifecycle.close();

    assertThat(closed).containsExactly("database");
  }

  @Test
  void closingWaitsForAStartInTheBackgroundAndStopsWhatItMade() {
    registerPart("metrics");
    lifecycle.startInBackground("admin-start", () -> "admin", admin -> closed.add(admin));
    registerPart("database");

    lifecycle.close();

    assertThat(closed).containsExactly("database", "admin", "metrics");
  }

  @Test
  void aFailedStartInTheBackgroundIsThrownByJoinAsItIsAndLeavesNothingToStop() {
    IllegalStateException portInUse = new IllegalStateException("port 5001 is in use");
    Lifecycle.Starting<String> start =
        lifecycle.startInBackground(
            "admin-start",
            () -> {
              throw portInUse;
            },
            admin -> closed.add(admin));
    registerPart("database");

    assertThatThrownBy(start::join).isSameAs(portInUse);
    lifecycle.close();
    assertThat(closed).containsExactly("database");
  }

  @Test
  void aTaskInTheBackgroundRunsOnADaemonThreadOfItsNameAndItsFailureIsThrownByJoin() {
    List<String> threads = new ArrayList<>();
    Lifecycle.Starting<Void> migration =
        lifecycle.runInBackground(
            "migrate",
            () -> {
              Thread current = Thread.currentThread();
              threads.add(current.getName() + (current.isDaemon() ? " (daemon)" : ""));
              throw new IllegalStateException("checksum mismatch");
            });

    assertThatThrownBy(migration::join).hasMessage("checksum mismatch");
    assertThat(threads).containsExactly("migrate (daemon)");
    lifecycle.close();
  }

  @Test
  void closingStopsThePublicListenerAndReportsNotReadyBeforeAnyOtherPartCloses() {
    Javalin http = Javalin.create(config -> config.startup.showJavalinBanner = false);
    int port = http.start("127.0.0.1", 0).port();
    List<String> seenByTheDatabase = new ArrayList<>();
    lifecycle.register(
        () -> {
          seenByTheDatabase.add("ready: " + lifecycle.isReady());
          seenByTheDatabase.add("listening: " + accepts(port));
        });
    assertThat(lifecycle.isReady()).as("before serving").isFalse();
    assertThat(accepts(port)).as("listening before the close").isTrue();

    lifecycle.serve(http, () -> true);
    assertThat(lifecycle.isReady()).as("serving").isTrue();
    lifecycle.close();

    assertThat(seenByTheDatabase).containsExactly("ready: false", "listening: false");
  }

  @Test
  void theStartIsOverOnceTheServiceServesAndStaysOverWhileItStops() {
    Javalin http = Javalin.create(config -> config.startup.showJavalinBanner = false);
    http.start("127.0.0.1", 0);
    List<Boolean> startedWhileClosing = new ArrayList<>();
    lifecycle.register(() -> startedWhileClosing.add(lifecycle.isStarted()));
    assertThat(lifecycle.isStarted()).as("while starting").isFalse();

    lifecycle.serve(http, () -> false);

    assertThat(lifecycle.isStarted()).as("even when not ready").isTrue();
    lifecycle.close();
    assertThat(startedWhileClosing).containsExactly(true);
  }

  @Test
  void withADelayTheListenerServesWhileNotReadyThenCloses() throws Exception {
    Javalin http = Javalin.create(config -> config.startup.showJavalinBanner = false);
    int port = http.start("127.0.0.1", 0).port();
    lifecycle.serve(http, () -> true, Duration.ofMillis(800));
    Thread closing = new Thread(lifecycle::close);

    closing.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (lifecycle.isReady() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    assertThat(lifecycle.isReady()).as("not ready as soon as the close begins").isFalse();
    assertThat(accepts(port)).as("still listening during the delay").isTrue();
    closing.join();
    assertThat(accepts(port)).as("closed after the delay").isFalse();
  }

  @Test
  void whileServingTheServiceIsReadyOnlyWhenTheCheckPasses() {
    Javalin http = Javalin.create(config -> config.startup.showJavalinBanner = false);
    http.start("127.0.0.1", 0);

    lifecycle.serve(http, () -> false);

    assertThat(lifecycle.isReady()).isFalse();
    lifecycle.close();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return socket.isConnected();
    } catch (IOException refused) {
      return false;
    }
  }
}
