package io.bienvenue.http.edge;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Strict UTF-8 for request bodies: bytes that are not UTF-8, raw or percent-encoded, are a 400,
 * never replaced with U+FFFD (or {@code ?}), which would let two different inputs become one
 * password. Only bodies in UTF-8 are checked, which is every JSON body (RFC 8259) and every form
 * without another {@code charset}. Lone surrogates that arrive as JSON escapes ({@code \ud800}) are
 * valid UTF-8 here; {@code auth/Fields} refuses them in password fields.
 */
public final class Utf8Input {

  private Utf8Input() {}

  /**
   * The body of {@code ctx}, decoded strictly if its charset is UTF-8 (or unnamed), as Javalin's
   * {@code ctx.body()} otherwise.
   *
   * @throws BadRequestException if a UTF-8 body holds bytes that are not UTF-8
   */
  public static String body(Context ctx) {
    if (!isUtf8(ctx.contentType())) {
      return ctx.body();
    }
    try {
      return decode(ctx.bodyAsBytes());
    } catch (CharacterCodingException e) {
      throw new BadRequestException("the body is not valid UTF-8");
    }
  }

  /**
   * Returns normally if every name and value of the URL-encoded form {@code body} decodes to UTF-8.
   * A malformed escape ({@code %G1}) is left for the form parser to refuse.
   *
   * @throws BadRequestException naming the field whose value is not UTF-8
   */
  public static void requireUtf8Form(String body) {
    for (String pair : body.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      String shownName;
      try {
        shownName = decode(percentDecoded(name));
      } catch (CharacterCodingException e) {
        throw new BadRequestException("a field name is not valid UTF-8");
      }
      try {
        decode(percentDecoded(value));
      } catch (CharacterCodingException e) {
        throw new BadRequestException(shownName + " is not valid UTF-8");
      }
    }
  }

  /** Tells whether a body of {@code contentType} is UTF-8: no charset named, or UTF-8. */
  public static boolean isUtf8(String contentType) {
    if (contentType == null) {
      return true;
    }
    for (String parameter : contentType.split(";")) {
      String[] nameAndValue = parameter.trim().split("=", 2);
      if (nameAndValue.length == 2 && nameAndValue[0].trim().equalsIgnoreCase("charset")) {
        String charset = nameAndValue[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
        return charset.equals("utf-8") || charset.equals("utf8");
      }
    }
    return true;
  }

  private static byte[] percentDecoded(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
        bytes.write(Integer.parseInt(text, i + 1, i + 3, 16));
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  private static boolean isHex(String text, int index) {
    return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
  }

  private static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
