import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.store.Database;
import java.security.SecureRandom;
import java.time.Instant;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Seeds a Bienvenue database with users in bulk for bench/run: every user gets the same bcrypt
 * hash, computed once, so a million users take seconds rather than days of bcrypt.
 *
 * <p>Usage: {@code java -cp target/bienvenue.jar bench/tools/Seed.java LOCATION COUNT PASSWORD
 * COST}. Users are {@code user<i>@bench.example} for i from 0 to COUNT-1, inserted with the
 * columns {@code UserStore.addUser} writes (public_id, email, email_key, hashed_password,
 * created_at), in Jdbi batches of 10,000 rows, 100,000 rows per transaction. Opening the database through {@link
 * Database#open} creates and migrates it as the service would.
 */
public final class Seed {

  private static final int BATCH = 10_000;
  private static final int PER_TRANSACTION = 100_000;

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: Seed LOCATION COUNT PASSWORD COST");
      System.exit(2);
    }
    String location = args[0];
    int count = Integer.parseInt(args[1]);
    String password = args[2];
    int cost = Integer.parseInt(args[3]);
    long start = System.nanoTime();
    String hash;
    try (PasswordHasher hasher = new PasswordHasher(cost, 1, 1, new SecureRandom())) {
      hash = hasher.hash(password);
    }
    long now = Instant.now().toEpochMilli();
    try (Database database = Database.open(location, 2)) {
      for (int from = 0; from < count; from += PER_TRANSACTION) {
        int first = from;
        int last = Math.min(count, from + PER_TRANSACTION);
        database
            .jdbi()
            .useTransaction(
                handle -> {
                  for (int i = first; i < last; i += BATCH) {
                    PreparedBatch batch =
                        handle.prepareBatch(
                            "INSERT INTO users"
                                + " (public_id, email, email_key, hashed_password, created_at)"
                                + " VALUES (?, ?, ?, ?, ?)");
                    for (int j = i; j < Math.min(last, i + BATCH); j++) {
                      String email = "user" + j + "@bench.example";
                      batch
                          .bind(0, String.format("%032x", j))
                          .bind(1, email)
                          .bind(2, email)
                          .bind(3, hash)
                          .bind(4, now)
                          .add();
                    }
                    batch.execute();
                  }
                });
      }
    }
    System.out.printf("%.3f%n", (System.nanoTime() - start) / 1e9);
  }
}
