package io.bienvenue.mail;

import io.bienvenue.auth.Notice;
import io.bienvenue.store.OutboxMessage;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the security notices ({@link Notice}): one renderer for every kind, their wording as
 * data. A notice goes to the outbox row's recipient, which the service wrote from the address
 * stored for the user (a deleted user's row is gone when the notice is sent). It carries no secret.
 * Thread-safe.
 */
public final class NoticeMail implements MailRenderer {

  /** A notice's subject, and what happened, told from {@code %1$s} (the time) and {@code %2$s}. */
  private record Wording(String subject, String happened, String ifNotYou) {}

  private static final String CHECK_ACCOUNT =
      "If you did not, someone else may be using your account: reset your password at\n"
          + "%2$s/ui/reset and look at the sessions of your account.\n";

  private static final Map<Notice, Wording> WORDING = wording();

  private final URI publicUrl;

  /** Creates the renderer; the links of the notices point at {@code publicUrl}. */
  public NoticeMail(URI publicUrl) {
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
  }

  @Override
  public Optional<MailMessage> render(OutboxMessage message) {
    Notice notice =
        Notice.ofKind(message.kind())
            .orElseThrow(() -> new IllegalArgumentException("not a notice: " + message.kind()));
    Wording wording = WORDING.get(notice);
    String base = Links.base(publicUrl);
    String text =
        wording.happened().formatted(message.createdAt(), base)
            + "\nIf you did this, there is nothing more to do.\n\n"
            + wording.ifNotYou().formatted(message.createdAt(), base);
    return Optional.of(new MailMessage(message.recipient(), wording.subject(), text));
  }

  private static Map<Notice, Wording> wording() {
    Map<Notice, Wording> all = new EnumMap<>(Notice.class);
    all.put(
        Notice.PASSWORD_CHANGED,
        new Wording(
            "Your password was changed",
            "The password of your account at %2$s was changed on %1$s (UTC), and every other\n"
                + "session of the account was ended.\n",
            CHECK_ACCOUNT));
    all.put(
        Notice.PASSWORD_RESET,
        new Wording(
            "Your password was reset",
            "The password of your account at %2$s was reset with a link mailed to this address on\n"
                + "%1$s (UTC), and every session of the account was ended.\n",
            "If you did not, someone else can read this mailbox or used a link sent to it: reset\n"
                + "your password again at %2$s/ui/reset, and secure this mailbox.\n"));
    all.put(
        Notice.TWO_FACTOR_ON,
        new Wording(
            "Two-step login was turned on",
            "Two-step login was turned on for your account at %2$s on %1$s (UTC): from now on, a\n"
                + "login asks for a code from an authenticator app.\n",
            CHECK_ACCOUNT));
    all.put(
        Notice.TWO_FACTOR_OFF,
        new Wording(
            "Two-step login was turned off",
            "Two-step login was turned off for your account at %2$s on %1$s (UTC): from now on, a\n"
                + "login asks for the password only.\n",
            CHECK_ACCOUNT));
    all.put(
        Notice.ACCOUNT_DELETED,
        new Wording(
            "Your account was deleted",
            "Your account at %2$s was deleted on %1$s (UTC), with its sessions; this address can\n"
                + "register again.\n",
            "If you did not, someone else knew your password and could log in: use another\n"
                + "password wherever you used that one, and tell the operator of %2$s.\n"));
    all.put(
        Notice.PASSKEY_ADDED,
        new Wording(
            "A passkey was added to your account",
            "A passkey was added to your account at %2$s on %1$s (UTC): from now on, it logs in\n"
                + "without the password.\n",
            CHECK_ACCOUNT));
    all.put(
        Notice.PASSKEY_REMOVED,
        new Wording(
            "A passkey was removed from your account",
            "A passkey was removed from your account at %2$s on %1$s (UTC): it no longer logs in.\n",
            CHECK_ACCOUNT));
    if (all.size() != Notice.values().length) {
      throw new IllegalStateException("a notice has no wording");
    }
    return Map.copyOf(all);
  }
}
