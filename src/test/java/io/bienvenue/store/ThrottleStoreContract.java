package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ThrottleStoreContract {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private TestDatabase backend;
  private Database database;
  private ThrottleStore throttle;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    throttle = new ThrottleStore(database.jdbi());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  @Test
  void oneReadReturnsEveryOpenCounterAmongTheKeys() {
    count(throttle, List.of("a", "b"), T0, T0.minusSeconds(60));
    count(throttle, List.of("a"), T0.plusSeconds(1), T0.minusSeconds(59));

    Map<String, ThrottleStore.Counter> counters =
        throttle.find(List.of("a", "b", "c"), T0.minusSeconds(60));

    assertThat(counters)
        .containsOnlyKeys("a", "b")
        .containsEntry("a", new ThrottleStore.Counter(2, T0))
        .containsEntry("b", new ThrottleStore.Counter(1, T0));
    assertThat(throttle.find(List.of(), T0)).isEmpty();
  }

  @Test
  void aCounterWhoseWindowHasPassedIsNotReadAndStartsOver() {
    count(throttle, List.of("a"), T0, T0.minusSeconds(60));
    count(throttle, List.of("a"), T0.plusSeconds(1), T0.minusSeconds(59));

    assertThat(throttle.find(List.of("a"), T0)).isEmpty();

    Instant later = T0.plusSeconds(120);
    count(throttle, List.of("a"), later, later.minusSeconds(60));
    assertThat(throttle.find(List.of("a"), later.minusSeconds(60)))
        .containsEntry("a", new ThrottleStore.Counter(1, later));
  }

  @Test
  void countIfUnderCountsEveryKeyOrNoneAndSaysWhichCounterRefused() {
    Instant openAfter = T0.minusSeconds(60);
    Map<String, Integer> limits = new java.util.LinkedHashMap<>();
    limits.put("tight", 2);
    limits.put("loose", 10);

    assertThat(throttle.countIfUnder(limits, T0, openAfter)).isEmpty();
    assertThat(throttle.countIfUnder(limits, T0.plusSeconds(1), openAfter)).isEmpty();
    List<ThrottleStore.Counter> refused =
        throttle.countIfUnder(limits, T0.plusSeconds(2), openAfter);

    assertThat(refused).containsExactly(new ThrottleStore.Counter(3, T0));
    assertThat(throttle.find(List.of("tight", "loose"), openAfter))
        .as("the refused attempt was counted nowhere")
        .containsEntry("tight", new ThrottleStore.Counter(2, T0))
        .containsEntry("loose", new ThrottleStore.Counter(2, T0));
  }

  @Test
  void ofManyConcurrentReservationsExactlyTheLimitIsCounted() throws Exception {
    Map<String, Integer> limits = Map.of("k", 10);

    List<Boolean> counted =
        io.bienvenue.testing.Parallel.run(
            40, i -> throttle.countIfUnder(limits, T0, T0.minusSeconds(60)).isEmpty());

    assertThat(counted.stream().filter(c -> c).count()).isEqualTo(10);
    assertThat(throttle.find(List.of("k"), T0.minusSeconds(60)))
        .containsEntry("k", new ThrottleStore.Counter(10, T0));
  }

  @Test
  void releaseTakesBackOneCountAndNeverGoesBelowZero() {
    count(throttle, List.of("a", "a2"), T0, T0.minusSeconds(60));
    count(throttle, List.of("a"), T0, T0.minusSeconds(60));

    throttle.release(List.of("a", "a2"));
    throttle.release(List.of("a2"));
    throttle.release(List.of());

    assertThat(throttle.find(List.of("a", "a2"), T0.minusSeconds(60)))
        .containsEntry("a", new ThrottleStore.Counter(1, T0))
        .containsEntry("a2", new ThrottleStore.Counter(0, T0));
  }

  @Test
  void clearDeletesExactlyTheGivenCounters() {
    count(throttle, List.of("a", "b", "c"), T0, T0.minusSeconds(60));

    throttle.clear(List.of("a", "c"));
    throttle.clear(List.of());

    assertThat(throttle.find(List.of("a", "b", "c"), T0.minusSeconds(60))).containsOnlyKeys("b");
  }

  @Test
  void theMailTableKeepsItsCountersWhateverTheLoginTableDoes() {
    ThrottleStore mail = new ThrottleStore(database.jdbi(), ThrottleStore.Table.MAIL);
    count(mail, List.of("a"), T0, T0.minus(Duration.ofHours(1)));
    Instant later = T0.plus(Duration.ofMinutes(30));

    count(throttle, List.of("a"), later, later.minus(Duration.ofMinutes(15)));
    throttle.clear(List.of("a"));

    assertThat(mail.find(List.of("a"), later.minus(Duration.ofHours(1))))
        .containsEntry("a", new ThrottleStore.Counter(1, T0));
    assertThat(throttle.find(List.of("a"), T0)).isEmpty();
  }

  /** Counts one under each key, with no limit in the way. */
  private static void count(
      ThrottleStore store, List<String> keys, Instant now, Instant openAfter) {
    Map<String, Integer> limits = new java.util.LinkedHashMap<>();
    keys.forEach(key -> limits.put(key, Integer.MAX_VALUE));
    assertThat(store.countIfUnder(limits, now, openAfter)).isEmpty();
  }
}
