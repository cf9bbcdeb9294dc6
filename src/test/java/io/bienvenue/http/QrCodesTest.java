package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class QrCodesTest {

  private static final String PREFIX = "data:image/svg+xml;base64,";

  @Test
  void anEnrolmentUriBecomesAnSvgImageInADataUri() {
    String image = QrCodes.svgDataUri("otpauth://totp/Bienvenue:ada%40example.org?secret=ABC");

    assertThat(image).startsWith(PREFIX);
    assertThat(svg(image)).startsWith("<svg").contains("<path").endsWith("</svg>");
  }

  @Test
  void twoUrisAreTwoImages() {
    assertThat(QrCodes.svgDataUri("otpauth://totp/a?secret=AAAA"))
        .isNotEqualTo(QrCodes.svgDataUri("otpauth://totp/a?secret=BBBB"));
  }

  private static String svg(String dataUri) {
    return new String(
        Base64.getDecoder().decode(dataUri.substring(PREFIX.length())), StandardCharsets.UTF_8);
  }
}
