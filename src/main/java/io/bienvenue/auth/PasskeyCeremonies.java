package io.bienvenue.auth;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.ChallengeStore;
import io.bienvenue.store.ChallengeStore.Caps;
import io.bienvenue.store.ChallengeStore.Purpose;
import io.bienvenue.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What every passkey ceremony shares: webauthn4j's manager and converters, the challenges kept in
 * the database ({@link ChallengeStore}: any instance may take the answer, and each works once), the
 * relying party, and the encodings of ids. Thread-safe.
 */
final class PasskeyCeremonies {

  /** How long a challenge lives, and the timeout the options give the browser. */
  static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);

  /** How many live challenges a user, a client address and the table may hold. */
  static final Caps CHALLENGE_CAPS = new Caps(5, 20, 10_000);

  /** The longest answer accepted from a browser, in characters: far above any real one. */
  static final int MAX_CREDENTIAL_LENGTH = 16 * 1024;

  private static final int CHALLENGE_BYTES = 32;

  static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  static final Base64.Decoder FROM_BASE64URL = Base64.getUrlDecoder();

  final ObjectConverter converter = new ObjectConverter();
  final AttestedCredentialDataConverter credentialData =
      new AttestedCredentialDataConverter(converter);

  /**
   * The attestation the options ask for is {@code none}: no statement is trusted or required, so
   * the non-strict manager, which accepts any format without a trust decision, is the right one.
   */
  final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);

  final ChallengeStore challenges;
  final Clock clock;
  private final Tokens tokens;
  private final Supplier<PasskeyRelyingParty> party;

  PasskeyCeremonies(
      ChallengeStore challenges, Tokens tokens, Supplier<PasskeyRelyingParty> party, Clock clock) {
    this.challenges = Objects.requireNonNull(challenges, "challenges");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.party = Objects.requireNonNull(party, "party");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The relying party, asked now: in development its port is known only once the service listens.
   */
  PasskeyRelyingParty party() {
    return party.get();
  }

  /** Stores a fresh challenge for {@code purpose} and returns it. */
  byte[] issue(Purpose purpose, OptionalLong userId, String clientAddress) {
    byte[] challenge = tokens.randomBytes(CHALLENGE_BYTES);
    Instant now = clock.instant();
    if (!challenges.issue(
        BASE64URL.encodeToString(challenge),
        purpose,
        userId,
        clientAddress,
        now.plus(CHALLENGE_LIFETIME),
        now,
        CHALLENGE_CAPS)) {
      throw new TooManyAttemptsException("passkey requests", CHALLENGE_LIFETIME);
    }
    return challenge;
  }

  /**
   * The request options of a login, as JSON: a fresh challenge of no user, asked for from {@code
   * clientAddress}, an empty {@code allowCredentials} (the browser offers its discoverable
   * passkeys) and {@code userVerification}.
   *
   * @throws TooManyAttemptsException if the address or the table holds too many challenges
   */
  String requestOptions(String clientAddress, UserVerificationRequirement userVerification) {
    byte[] challenge = issue(Purpose.AUTHENTICATION, OptionalLong.empty(), clientAddress);
    PublicKeyCredentialRequestOptions options =
        new PublicKeyCredentialRequestOptions(
            new DefaultChallenge(challenge),
            CHALLENGE_LIFETIME.toMillis(),
            party().rpId(),
            List.of(),
            userVerification,
            null);
    return converter.getJsonMapper().writeValueAsString(options);
  }

  /**
   * Uses up {@code client}'s challenge if it is a live one of {@code purpose} and {@code userId}.
   */
  boolean consumeChallenge(CollectedClientData client, Purpose purpose, OptionalLong userId) {
    String challenge = BASE64URL.encodeToString(client.getChallenge().getValue());
    return challenges.consume(challenge, purpose, userId, clock.instant());
  }

  /** What the answer must match: the one origin, the relying party id, the challenge it names. */
  ServerProperty server(CollectedClientData client) {
    PasskeyRelyingParty rp = party();
    return ServerProperty.builder()
        .origin(new Origin(rp.origin()))
        .rpId(rp.rpId())
        .challenge(client.getChallenge())
        .build();
  }

  /** Whether {@code credentialJson} is too short or too long to be any browser's answer. */
  static boolean outOfSize(String credentialJson) {
    return credentialJson == null
        || credentialJson.isEmpty()
        || credentialJson.length() > MAX_CREDENTIAL_LENGTH;
  }

  /** The WebAuthn user handle of {@code user}: the bytes of its public id, which never changes. */
  static byte[] userHandle(User user) {
    return user.publicId().getBytes(StandardCharsets.UTF_8);
  }

  static Set<AuthenticatorTransport> transports(List<String> names) {
    return names.stream()
        .map(AuthenticatorTransport::create)
        .collect(Collectors.toUnmodifiableSet());
  }
}
