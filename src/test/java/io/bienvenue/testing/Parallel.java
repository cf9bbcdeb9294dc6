package io.bienvenue.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the same attempt on many threads at once, for race tests. */
public final class Parallel {

  /** One attempt; {@code index} tells the attempts apart. */
  public interface Attempt<T> {
    T run(int index) throws Exception;
  }

  private Parallel() {}

  /** Runs {@code count} attempts, each on its own thread, and returns their results in order. */
  public static <T> List<T> run(int count, Attempt<T> attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Callable<T>> tasks = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        tasks.add(() -> attempt.run(index));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> outcome : pool.invokeAll(tasks)) {
        results.add(outcome.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
