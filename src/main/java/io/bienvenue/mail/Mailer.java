package io.bienvenue.mail;

import io.bienvenue.user.Email;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends plain-text mail over SMTP (Jakarta Mail, Angus Mail), one connection per message, as {@link
 * SmtpSettings} say: TLS as its mode asks, a login when it has credentials, and every connect, read
 * and write bounded by its timeouts. Thread-safe: calls share no connection.
 */
public final class Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
  private static final String UTF_8 = StandardCharsets.UTF_8.name();
  private static final Pattern SMTP_REPLY =
      Pattern.compile("([2-5][0-9][0-9])(?:[ -]([245]\\.[0-9]{1,3}\\.[0-9]{1,3}))?(?![0-9])");
  private static final Pattern ADDRESS = Pattern.compile("<?[^\\s<>@]+@[^\\s<>]+>?");

  private final SmtpSettings settings;
  private final Clock clock;
  private final InternetAddress sender;
  private final String protocol;
  private final Session session;

  /** Creates a mailer for {@code settings}, dating messages by {@code clock}. */
  public Mailer(SmtpSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sender = settings.sender();
    this.protocol = settings.tlsMode() == TlsMode.SMTPS ? "smtps" : "smtp";
    this.session = Session.getInstance(properties(settings, protocol, sender));
  }

  /**
   * Sends {@code message} as UTF-8 plain text from the configured sender, to its recipient exactly
   * as given. The recipient must follow the service's one address grammar ({@link Email}): a bare
   * ASCII address, which the mail parser gives back unchanged; anything else is refused, never sent
   * to a re-parsed or re-spelled form.
   *
   * @throws MailException if the server cannot be reached, refuses the login or refuses the
   *     message, naming the server and the cause; a {@linkplain MailException#permanent()
   *     permanent} one, without the address, if the recipient is not an address of the grammar
   */
  public void send(MailMessage message) {
    Objects.requireNonNull(message, "message");
    InternetAddress recipient = recipient(message.to());
    MimeMessage mime = new MimeMessage(session);
    try {
      mime.setFrom(sender);
      mime.setRecipient(Message.RecipientType.TO, recipient);
      mime.setSubject(message.subject(), UTF_8);
      mime.setSentDate(Date.from(clock.instant()));
      mime.setText(message.text(), UTF_8);
      mime.saveChanges();
    } catch (MessagingException e) {
      throw new MailException("cannot build the mail: " + summary(e), e);
    }
    Transport transport = null;
    try {
      transport = session.getTransport(protocol);
      connect(transport);
      transport.sendMessage(mime, mime.getAllRecipients());
    } catch (MessagingException e) {
      closeAfterFailure(transport, e);
      throw new MailException(
          "cannot send mail through " + settings.address() + ": " + summary(e), e);
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      // The server took the mail: reporting a failure now would have it sent twice.
      LOG.warn(
          "the SMTP server {} accepted a mail but closing the connection failed: {}",
          settings.address(),
          summary(e));
    }
  }

  /**
   * Parses {@code to}, which must follow the address grammar and parse to itself.
   *
   * @throws MailException, permanent, otherwise
   */
  static InternetAddress recipient(String to) {
    String refused = "the recipient is not an address this service sends to";
    if (!Email.isValid(to)) {
      throw MailException.permanent(refused);
    }
    try {
      InternetAddress parsed = new InternetAddress(to, true);
      if (!to.equals(parsed.getAddress()) || parsed.getPersonal() != null) {
        throw MailException.permanent(refused);
      }
      return parsed;
    } catch (AddressException e) {
      throw MailException.permanent(refused);
    }
  }

  /**
   * Connects to the server, starts TLS and logs in as a send would, then disconnects: a check for
   * startup, so that a service that must send mail refuses to start without a way to send it.
   *
   * @throws MailException with one line naming {@code host:port} and the cause, if any step fails
   */
  public void checkReachable() {
    try (Transport transport = session.getTransport(protocol)) {
      connect(transport);
    } catch (MessagingException e) {
      throw new MailException(
          "cannot reach the SMTP server " + settings.address() + ": " + summary(e), e);
    }
  }

  private static void closeAfterFailure(Transport transport, MessagingException failure) {
    if (transport == null) {
      return;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      failure.addSuppressed(e);
    }
  }

  private void connect(Transport transport) throws MessagingException {
    transport.connect(
        settings.host(),
        settings.port(),
        settings.username().orElse(null),
        settings.password().orElse(null));
  }

  /**
   * The innermost cause in one line. Jakarta Mail chains causes into multi-line messages; the last
   * link says what actually happened ("Connection refused", the server's "535 ..." reply). A server
   * reply keeps only its code and enhanced status ({@code 550 5.1.1}) and whether it is permanent:
   * its text often repeats the recipient ({@code <reject.me@example.org>: Recipient address
   * rejected}), and neither the log nor {@code outbox.last_error} may hold a recipient. Anything
   * else shaped like an address is starred.
   */
  static String summary(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String text;
    if (message == null || message.isBlank()) {
      text = root.getClass().getSimpleName();
    } else if (root instanceof MessagingException) {
      text = message;
    } else {
      text = root.getClass().getSimpleName() + ": " + message;
    }
    String line = text.replaceAll("\\s+", " ").strip();
    Matcher reply = SMTP_REPLY.matcher(line);
    if (reply.lookingAt()) {
      String code = reply.group(1);
      String status = reply.group(2) == null ? "" : " " + reply.group(2);
      String kind = code.startsWith("5") ? "permanent" : "transient";
      return code + status + " (a " + kind + " refusal; the server's text is not kept)";
    }
    return ADDRESS.matcher(line).replaceAll("<address>");
  }

  private static Properties properties(
      SmtpSettings settings, String protocol, InternetAddress sender) {
    String prefix = "mail." + protocol + ".";
    Properties properties = new Properties();
    properties.setProperty("mail.transport.protocol", protocol);
    properties.setProperty(prefix + "host", settings.host());
    properties.setProperty(prefix + "port", Integer.toString(settings.port()));
    properties.setProperty(prefix + "from", sender.getAddress());
    properties.setProperty(prefix + "auth", Boolean.toString(settings.username().isPresent()));
    properties.setProperty(
        prefix + "connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
    properties.setProperty(prefix + "timeout", Long.toString(settings.readTimeout().toMillis()));
    properties.setProperty(
        prefix + "writetimeout", Long.toString(settings.readTimeout().toMillis()));
    switch (settings.tlsMode()) {
      case NONE -> properties.setProperty(prefix + "starttls.enable", "false");
      case STARTTLS_REQUIRED -> {
        properties.setProperty(prefix + "starttls.enable", "true");
        properties.setProperty(prefix + "starttls.required", "true");
        properties.setProperty(prefix + "ssl.checkserveridentity", "true");
      }
      case SMTPS -> properties.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    return properties;
  }
}
