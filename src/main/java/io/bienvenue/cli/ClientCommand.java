package io.bienvenue.cli;

import io.bienvenue.Administration;
import io.bienvenue.oauth.Client;
import io.bienvenue.oauth.IdTokenAlgorithm;
import io.bienvenue.oauth.NewClient;
import io.bienvenue.oauth.RedirectUris;
import io.bienvenue.oauth.RegisteredClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue client ...}: an operator's commands for the OpenID Connect clients, on SQLite or
 * PostgreSQL. Each prints JSON whose keys follow the flags of {@code client add}; a client secret
 * is printed only by {@code add} and {@code rotate-secret}, the one time it exists in clear.
 */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    description = "Registers, lists and removes OpenID Connect clients; replaces a client secret.")
final class ClientCommand {

  private static final int SHOWN_URI_LENGTH = 100;

  @Spec CommandSpec spec;

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Registers a client and prints it as JSON with its client_id and, for a confidential"
            + " client, its client_secret: shown this once, only its hash is stored.",
        "A redirect URI is https, http on localhost, 127.0.0.1 or [::1] only, or a private-use"
            + " scheme with a dot (com.example.app:/cb); no fragment, userinfo or wildcard."
            + " Requests must then give one of them exactly, character for character."
      })
  int add(
      @Mixin DatabaseOption database,
      @Option(
              names = "--name",
              required = true,
              paramLabel = "NAME",
              description = "The name users see when asked to consent.")
          String name,
      @Option(
              names = "--redirect-uri",
              required = true,
              paramLabel = "URI",
              description = "Where the authorization response may go; repeat for several.")
          List<String> redirectUris,
      @Option(
              names = "--post-logout-redirect-uri",
              paramLabel = "URI",
              description = "Where a logout may send the browser back; repeat for several.")
          List<String> postLogoutRedirectUris,
      @Option(
              names = "--public",
              description =
                  "A public client (a native or single-page app): no secret, PKCE required.")
          boolean publicClient,
      @Option(
              names = "--consent",
              description = "Ask users to consent before the client gets their identity.")
          boolean consent,
      @Option(names = "--refresh-tokens", description = "Allow the client the refresh_token grant.")
          boolean refreshTokens,
      @Option(
              names = "--id-token-alg",
              defaultValue = "ES256",
              paramLabel = "ALG",
              description =
                  "How its ID tokens are signed: ${COMPLETION-CANDIDATES}."
                      + " Default: ${DEFAULT-VALUE}.")
          IdTokenAlgorithm idTokenAlgorithm) {
    List<String> postLogout = postLogoutRedirectUris == null ? List.of() : postLogoutRedirectUris;
    checkUris("--redirect-uri", redirectUris);
    checkUris("--post-logout-redirect-uri", postLogout);
    NewClient request =
        new NewClient(
            name, redirectUris, postLogout, publicClient, consent, refreshTokens, idTokenAlgorithm);
    try (Administration admin = UserCommand.open(database)) {
      RegisteredClient added = admin.clients().add(request);
      print(json(added.client(), added.secret()));
    }
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Prints every client as a JSON array, oldest first; never a secret or hash.")
  int list(@Mixin DatabaseOption database) {
    try (Administration admin = UserCommand.openToRead(database)) {
      print(admin.clients().list().stream().map(client -> json(client, Optional.empty())).toList());
    }
    return 0;
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Removes a client: its secret and redirect URIs stop working at once.")
  int remove(
      @Mixin DatabaseOption database, @Parameters(paramLabel = "CLIENT_ID") String clientId) {
    try (Administration admin = UserCommand.open(database)) {
      admin.clients().remove(clientId);
      spec.commandLine().getOut().println("removed client " + clientId);
    }
    return 0;
  }

  @Command(
      name = "rotate-secret",
      mixinStandardHelpOptions = true,
      description = {
        "Gives a confidential client a new secret and prints it as JSON, this once; the old"
            + " secret stops working at once. A public client has no secret to rotate."
      })
  int rotateSecret(
      @Mixin DatabaseOption database, @Parameters(paramLabel = "CLIENT_ID") String clientId) {
    try (Administration admin = UserCommand.open(database)) {
      RegisteredClient rotated = admin.clients().rotateSecret(clientId);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("client_id", rotated.client().clientId());
      json.put("client_secret", rotated.secret().orElseThrow());
      print(json);
    }
    return 0;
  }

  /**
   * Refuses the first of {@code uris} that cannot be registered, in one line that names the flag.
   */
  private static void checkUris(String flag, List<String> uris) {
    for (String uri : uris) {
      RedirectUris.refusal(uri)
          .ifPresent(
              why -> {
                throw new IllegalArgumentException(flag + " " + shown(uri) + " refused: " + why);
              });
    }
  }

  /** The URI as an error line may show it: quoted, cut short, and only if it is printable. */
  static String shown(String uri) {
    if (!uri.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "(not shown: unprintable characters)";
    }
    return "'"
        + (uri.length() > SHOWN_URI_LENGTH ? uri.substring(0, SHOWN_URI_LENGTH) + "..." : uri)
        + "'";
  }

  /** The JSON of {@code client}, never with its secret hash; {@code secret} follows its id. */
  private static Map<String, Object> json(Client client, Optional<String> secret) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("client_id", client.clientId());
    secret.ifPresent(shown -> json.put("client_secret", shown));
    json.put("name", client.name());
    json.put("public", client.isPublic());
    json.put("consent", client.consent());
    json.put("refresh_tokens", client.refreshTokens());
    json.put("id_token_alg", client.idTokenAlgorithm().name());
    json.put("redirect_uris", client.redirectUris());
    json.put("post_logout_redirect_uris", client.postLogoutRedirectUris());
    json.put("created_at", client.createdAt().toString());
    return json;
  }

  private void print(Object json) {
    JsonOutput.print(spec.commandLine().getOut(), json);
  }
}
