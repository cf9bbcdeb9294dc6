package io.bienvenue.importing;

import io.bienvenue.auth.WebhookEvent;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.Database;
import io.bienvenue.store.DuplicateEmailException;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.Email;
import io.bienvenue.user.User;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Imports users with their existing bcrypt hashes into Bienvenue's database, in one transaction.
 *
 * <p>Each row is checked: an email of the service's one grammar ({@link Email#problem}), a
 * well-formed bcrypt hash ({@link BcryptHashes}: {@code $2a$}, {@code $2b$} or {@code $2y$}, cost 4
 * to 31) whose cost is at most the cap the service verifies ({@code --max-bcrypt-cost}: a cost-31
 * hash would hold a hashing thread for days at each login), and an email not already registered nor
 * taken by an earlier row, compared case-insensitively ({@link Email#fold}). A row that fails is
 * skipped and reported; the others are added with {@link UserStore#addUser}, their hash unchanged,
 * so each user logs in with the password they already had. Each added user is a {@code
 * user.created} webhook event, with {@code "source": "import"}, written in the same transaction.
 *
 * <p>Existence is checked with a query before each insert, inside the transaction: a refused INSERT
 * would abort a PostgreSQL transaction. If a write fails anyway (say, the same email registered
 * over HTTP at that moment), the whole import rolls back: it never leaves half its users behind.
 * Thread-safe: a run keeps its state to itself.
 */
public final class Importer {

  /** The data of an imported user's {@code user.created} event, besides the id and email. */
  private static final Map<String, Object> IMPORTED =
      Map.of("email_verified", true, "source", "import");

  private final UserStore users;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final int maxCost;

  private Importer(Stores stores, WebhookEvents webhookEvents, int maxCost) {
    this.users = stores.users();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.maxCost = BcryptHashes.requireCost(maxCost, "--max-bcrypt-cost");
  }

  /**
   * Imports the {@code email,bcrypt_hash} rows of the CSV file {@code file} (as {@link
   * ImportCsvFile} reads it) into the database at {@code database}, as {@link #into} does.
   *
   * @throws IllegalStateException if the file or the database cannot be read or written; nothing is
   *     written then, and the message is one line for the operator
   */
  public static ImportReport fromCsv(Path file, String database, boolean dryRun, int maxCost) {
    return into(database, ImportCsvFile.read(file), dryRun, maxCost);
  }

  /**
   * Imports the users of the Flask original's SQLite database {@code file} (as {@link
   * OriginalUsers} reads it) into the database at {@code database}, as {@link #into} does; each row
   * is named by its {@code id} in the report. Sessions and reset tokens are not carried over.
   *
   * @throws IllegalStateException if the file or the database cannot be read or written; nothing is
   *     written then, and the message is one line for the operator
   */
  public static ImportReport fromOriginal(Path file, String database, boolean dryRun, int maxCost) {
    List<ImportEntry> entries =
        OriginalUsers.read(file).stream()
            .<ImportEntry>map(u -> new ImportRow("id " + u.id(), u.email(), u.hashedPassword()))
            .toList();
    return into(database, entries, dryRun, maxCost);
  }

  /**
   * Opens the database at {@code location} (migrating it as {@code serve} does; a dry run finds it
   * as it is, and neither creates nor migrates it), imports {@code entries} into it, refusing
   * hashes above {@code maxCost}, and closes it.
   *
   * @throws IllegalStateException if the database cannot be opened, if a dry run finds none or an
   *     outdated one, or if the import fails; nothing is written then
   */
  private static ImportReport into(
      String location, List<ImportEntry> entries, boolean dryRun, int maxCost) {
    try (Database database =
        dryRun ? Database.openExisting(location, 2) : Database.open(location, 2)) {
      Clock clock = Clock.systemUTC();
      Stores stores = Stores.on(database, clock);
      Importer importer =
          new Importer(
              stores, WebhookEvents.over(stores, new Tokens(new SecureRandom()), clock), maxCost);
      return importer.run(entries, dryRun);
    }
  }

  /**
   * Checks every entry and, unless {@code dryRun}, adds the good ones, all in one transaction.
   *
   * @throws IllegalStateException if a read or write fails; the transaction is rolled back, so
   *     nothing is written, and the message names the row
   */
  private ImportReport run(List<ImportEntry> entries, boolean dryRun) {
    Objects.requireNonNull(entries, "entries");
    try {
      return transactor.inTransaction(() -> importAll(entries, dryRun));
    } catch (RowFailedException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the import failed and was rolled back, nothing was imported: " + rootMessage(e), e);
    }
  }

  private ImportReport importAll(List<ImportEntry> entries, boolean dryRun) {
    List<ImportSkip> skipped = new ArrayList<>();
    Map<String, String> firstRowByEmail = new HashMap<>();
    int imported = 0;
    for (ImportEntry entry : entries) {
      if (entry instanceof ImportSkip skip) {
        skipped.add(skip);
        continue;
      }
      ImportRow row = (ImportRow) entry;
      Optional<String> problem = problem(row);
      if (problem.isPresent()) {
        skipped.add(new ImportSkip(row.where(), problem.get()));
        continue;
      }
      String earlier = firstRowByEmail.putIfAbsent(Email.fold(row.email()), row.where());
      if (earlier != null) {
        skipped.add(new ImportSkip(row.where(), "duplicate email (same as " + earlier + ")"));
        continue;
      }
      if (write(row, dryRun)) {
        imported++;
      } else {
        skipped.add(new ImportSkip(row.where(), "duplicate email (already registered)"));
      }
    }
    return new ImportReport(imported, skipped, dryRun);
  }

  /** Adds the user unless its email is registered; tells whether it was (or would be) added. */
  private boolean write(ImportRow row, boolean dryRun) {
    try {
      if (isRegistered(row.email())) {
        return false;
      }
      if (!dryRun) {
        User added = users.addUser(row.email(), row.hashedPassword());
        webhookEvents.record(WebhookEvent.USER_CREATED, added, IMPORTED);
      }
      return true;
    } catch (DuplicateEmailException e) {
      throw new RowFailedException(
          row.where()
              + ": the email was registered while the import ran; the import was rolled back,"
              + " nothing was imported: run it again",
          e);
    } catch (RuntimeException e) {
      throw new RowFailedException(
          row.where()
              + ": "
              + rootMessage(e)
              + "; the import was rolled back, nothing was imported",
          e);
    }
  }

  private boolean isRegistered(String email) {
    return users.findByEmail(email).isPresent();
  }

  /** Why {@code row} cannot be imported, if it cannot; never quotes the hash. */
  private Optional<String> problem(ImportRow row) {
    Optional<String> email = Email.problem(row.email());
    if (email.isPresent()) {
      return Optional.of(
          email.get().equals(Email.NOT_ASCII)
              ? "email not ASCII (internationalised addresses are not supported)"
              : "malformed email");
    }
    OptionalInt stated = BcryptHashes.statedCost(row.hashedPassword());
    if (stated.isEmpty()) {
      return Optional.of("malformed bcrypt hash");
    }
    int cost = stated.getAsInt();
    if (!BcryptHashes.isCost(cost)) {
      return Optional.of(
          "malformed bcrypt hash (cost "
              + cost
              + ", not "
              + BcryptHashes.MIN_COST
              + " to "
              + BcryptHashes.MAX_COST
              + ")");
    }
    if (cost > maxCost) {
      return Optional.of(
          "bcrypt cost "
              + cost
              + " is above --max-bcrypt-cost "
              + maxCost
              + " (the service would never verify it)");
    }
    return Optional.empty();
  }

  /**
   * The first line of the innermost cause's message: the driver's own words, without the bound
   * arguments (a hash among them) that Jdbi's outer message lists.
   */
  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** A row's write failed; the message names the row and is ready for the operator. */
  private static final class RowFailedException extends RuntimeException {
    RowFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
