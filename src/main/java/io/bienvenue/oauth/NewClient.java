package io.bienvenue.oauth;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What an operator asks to register: a client without its id, secret or time of registration, which
 * {@link ClientRegistry#add} gives it. The constructor applies every rule, so an instance is always
 * registrable. Instances are immutable.
 *
 * @param name the name shown to users: 1 to {@value #MAX_NAME_LENGTH} characters, no control
 *     characters, surrounding spaces removed
 * @param redirectUris at least one redirect URI, each following {@link RedirectUris}, none twice
 * @param postLogoutRedirectUris post-logout redirect URIs, under the same rules, possibly none
 * @param publicClient whether it is a public client, with no secret
 * @param consent whether users are asked to consent
 * @param refreshTokens whether it is allowed the {@code refresh_token} grant
 * @param idTokenAlgorithm the algorithm that signs its ID tokens
 */
public record NewClient(
    String name,
    List<String> redirectUris,
    List<String> postLogoutRedirectUris,
    boolean publicClient,
    boolean consent,
    boolean refreshTokens,
    IdTokenAlgorithm idTokenAlgorithm) {

  /** The longest name accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 100;

  /**
   * Checks every rule.
   *
   * @throws IllegalArgumentException if one is broken; the message says which
   */
  public NewClient {
    name = Objects.requireNonNull(name, "name").strip();
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "the name must be 1 to " + MAX_NAME_LENGTH + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("the name must have no control characters");
    }
    redirectUris = checked(redirectUris, "redirect URI");
    if (redirectUris.isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one redirect URI");
    }
    postLogoutRedirectUris = checked(postLogoutRedirectUris, "post-logout redirect URI");
    Objects.requireNonNull(idTokenAlgorithm, "idTokenAlgorithm");
  }

  private static List<String> checked(List<String> uris, String what) {
    List<String> copy = List.copyOf(uris);
    for (String uri : copy) {
      RedirectUris.refusal(uri)
          .ifPresent(
              why -> {
                throw new IllegalArgumentException(what + " refused: " + why);
              });
    }
    if (new HashSet<>(copy).size() != copy.size()) {
      throw new IllegalArgumentException("a " + what + " is listed twice");
    }
    return copy;
  }
}
