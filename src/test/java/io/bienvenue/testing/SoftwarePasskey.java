package io.bienvenue.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;

/**
 * A browser with a passkey authenticator, in software: webauthn4j's test client platform and its
 * authenticator with {@code none} attestation, user verification and a counter. It reads the
 * options as the service sends them ({@code {"publicKey": …}}'s member) and answers with {@code
 * credential.toJSON()}'s JSON. Each instance is one authenticator, keeping its own credentials.
 */
public final class SoftwarePasskey {

  private static final ObjectConverter CONVERTER = new ObjectConverter();

  private final NoneAttestationAuthenticator authenticator;
  private final ClientPlatform platform;

  /** An authenticator in a browser showing a page of {@code origin}, at the top level. */
  public SoftwarePasskey(String origin) {
    this(new NoneAttestationAuthenticator(), origin);
  }

  /** An authenticator in a frame of {@code origin} inside a page of {@code topOrigin}. */
  public SoftwarePasskey(String origin, String topOrigin) {
    authenticator = new NoneAttestationAuthenticator();
    platform =
        new ClientPlatform(
            new Origin(origin),
            new WebAuthnAuthenticatorAdaptor(authenticator),
            new Origin(topOrigin));
  }

  private SoftwarePasskey(NoneAttestationAuthenticator authenticator, String origin) {
    this.authenticator = authenticator;
    platform =
        new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(authenticator));
  }

  /** This authenticator, with its credentials, in a browser showing a page of {@code origin}. */
  public SoftwarePasskey on(String origin) {
    return new SoftwarePasskey(authenticator, origin);
  }

  /** The {@code RegistrationResponseJSON} of a new credential for {@code publicKey}'s options. */
  public String register(JsonNode publicKey) {
    return register(creationOptions(publicKey));
  }

  /**
   * The answer to {@code publicKey}'s options as an authenticator told another relying party id,
   * {@code rpId}, would give it: its authenticator data hashes that id.
   */
  public String registerFor(JsonNode publicKey, String rpId) {
    PublicKeyCredentialCreationOptions given = creationOptions(publicKey);
    return register(
        new PublicKeyCredentialCreationOptions(
            new PublicKeyCredentialRpEntity(rpId, given.getRp().getName()),
            given.getUser(),
            given.getChallenge(),
            given.getPubKeyCredParams(),
            given.getTimeout(),
            given.getExcludeCredentials(),
            given.getAuthenticatorSelection(),
            given.getAttestation(),
            given.getExtensions()));
  }

  /**
   * The {@code AuthenticationResponseJSON} of this authenticator's discoverable credential for
   * {@code publicKey}'s request options, its user verified.
   */
  public String authenticate(JsonNode publicKey) {
    PublicKeyCredentialRequestOptions options =
        CONVERTER
            .getJsonMapper()
            .readValue(publicKey.toString(), PublicKeyCredentialRequestOptions.class);
    return CONVERTER.getJsonMapper().writeValueAsString(platform.get(options));
  }

  /**
   * The {@code AuthenticationResponseJSON} of this authenticator's discoverable credential for
   * {@code publicKey}'s request options as a security key without a PIN gives it: user presence
   * only, its UV flag not set.
   */
  public String authenticateWithoutVerification(JsonNode publicKey) {
    PublicKeyCredentialRequestOptions given =
        CONVERTER
            .getJsonMapper()
            .readValue(publicKey.toString(), PublicKeyCredentialRequestOptions.class);
    PublicKeyCredentialRequestOptions withoutVerification =
        new PublicKeyCredentialRequestOptions(
            given.getChallenge(),
            given.getTimeout(),
            given.getRpId(),
            given.getAllowCredentials(),
            UserVerificationRequirement.DISCOURAGED,
            given.getExtensions());
    return CONVERTER.getJsonMapper().writeValueAsString(platform.get(withoutVerification));
  }

  private String register(PublicKeyCredentialCreationOptions options) {
    return CONVERTER.getJsonMapper().writeValueAsString(platform.create(options));
  }

  private static PublicKeyCredentialCreationOptions creationOptions(JsonNode publicKey) {
    return CONVERTER
        .getJsonMapper()
        .readValue(publicKey.toString(), PublicKeyCredentialCreationOptions.class);
  }
}
