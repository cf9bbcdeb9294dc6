package io.bienvenue.store;

import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs work in one database transaction. Store calls made by the work on the same thread join the
 * transaction; it commits when the work returns and rolls back when it throws. Thread-safe.
 */
public final class Transactor {

  private final Jdbi jdbi;

  /** Creates a transactor over {@code jdbi}, the one the stores use. */
  public Transactor(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Runs {@code work} in a transaction and returns its result. */
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    return jdbi.inTransaction(handle -> work.get());
  }
}
