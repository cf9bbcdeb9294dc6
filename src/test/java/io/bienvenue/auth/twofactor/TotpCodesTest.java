package io.bienvenue.auth.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.Authenticator;
import java.time.Instant;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TOTP codes against RFC 6238's published test vectors, and the window they are accepted in. */
class TotpCodesTest {

  /** RFC 6238 Appendix B's SHA-1 secret, the ASCII of "12345678901234567890", in Base32. */
  private static final String RFC_SECRET =
      new Base32().encodeToString("12345678901234567890".getBytes());

  @ParameterizedTest
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void theCodesAreRfc6238sSha1TestVectors(long seconds, String expected) {
    TotpCodes eightDigits = new TotpCodes(8);

    assertThat(eightDigits.matchingStep(RFC_SECRET, expected, Instant.ofEpochSecond(seconds)))
        .hasValue(seconds / 30);
  }

  @ParameterizedTest
  @CsvSource({"1111111109, 081804", "1234567890, 005924"})
  void sixDigitCodesAreTheLastSixOfTheVector(long seconds, String expected) {
    assertThat(new TotpCodes().matchingStep(RFC_SECRET, expected, Instant.ofEpochSecond(seconds)))
        .hasValue(seconds / 30);
  }

  @ParameterizedTest
  @CsvSource({"-60, false", "-30, true", "0, true", "30, true", "60, false", "90, false"})
  void aCodeIsAcceptedWithinOneStepEitherSide(long offsetSeconds, boolean accepted) {
    TotpCodes codes = new TotpCodes();
    Instant issued = Instant.ofEpochSecond(1_234_567_890L);
    String code = Authenticator.code(RFC_SECRET, issued);

    assertThat(codes.matchingStep(RFC_SECRET, code, issued.plusSeconds(offsetSeconds)).isPresent())
        .isEqualTo(accepted);
  }

  @ParameterizedTest
  @CsvSource({"''", "12345", "1234567", "12a456", "' 12345'", "'١٢٣٤٥٦'"})
  void malformedCodesMatchNothing(String code) {
    assertThat(new TotpCodes().matchingStep(RFC_SECRET, code, Instant.now())).isEmpty();
  }
}
