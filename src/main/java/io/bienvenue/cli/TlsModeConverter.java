package io.bienvenue.cli;

import io.bienvenue.mail.TlsMode;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --smtp-tls}: {@code starttls}, {@code smtps} or {@code none}. */
final class TlsModeConverter implements ITypeConverter<TlsMode> {

  @Override
  public TlsMode convert(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "starttls" -> TlsMode.STARTTLS_REQUIRED;
      case "smtps", "tls" -> TlsMode.SMTPS;
      case "none" -> TlsMode.NONE;
      default ->
          throw new TypeConversionException(
              "'" + value + "' is not a TLS mode: use starttls, smtps or none");
    };
  }
}
