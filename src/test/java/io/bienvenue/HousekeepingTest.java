package io.bienvenue;

import static io.bienvenue.oauth.GrantFixtures.REDIRECT_URI;
import static io.bienvenue.oauth.GrantFixtures.VERIFIER;
import static io.bienvenue.oauth.GrantFixtures.addClient;
import static io.bienvenue.oauth.GrantFixtures.authorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.oauth.Client;
import io.bienvenue.oauth.Grant;
import io.bienvenue.oauth.Grants;
import io.bienvenue.oauth.InvalidGrantException;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.user.Session;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A housekeeping round over the real flows: it deletes what has ended and changes no answer. What
 * was live still works after it, and what was refused is still refused for the same reason: a
 * rotated refresh token presented again is still seen as reuse and revokes its family.
 */
class HousekeepingTest {

  private static final String PASSWORD = "pwd-of-everyone";
  private static final String ADDRESS = "198.51.100.7";

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  private Grants grants;
  private Client app;
  private Housekeeping housekeeping;

  @BeforeEach
  void start() {
    grants =
        new Grants(
            services.stores(),
            new Tokens(new SecureRandom()),
            Lifetimes.DEFAULTS,
            services.clock());
    app = addClient(services.stores(), "app", true, true, services.clock());
    housekeeping = new Housekeeping(services.stores(), Lifetimes.DEFAULTS, services.clock());
  }

  @Test
  void aRoundDeletesEndedSessionsAndSpentTokensAndChangesNoAnswer() {
    String ada = logIn("ada@example.org");
    Grant offline = redeem(ada, "openid", Grants.OFFLINE_ACCESS);
    String used = grants.issueRefresh(offline).orElseThrow();
    String newest = grants.rotate(used, "app").refreshToken();
    Grant bound = redeem(ada, "openid");
    String boundToken = grants.issueRefresh(bound).orElseThrow();
    services.clock().advance(Lifetimes.DEFAULTS.sessionLifetime());
    String bob = logIn("bob@example.org");

    Housekeeping.Round round = housekeeping.runOnce();

    assertThat(round.sessions()).as("Ada's session, past its end").isEqualTo(1);
    assertThat(services.auth().whoami(ada)).isEmpty();
    assertThat(services.auth().whoami(bob)).as("Bob's, live").isPresent();
    assertThat(grants.isActive(bound.id())).isFalse();
    assertThatThrownBy(() -> grants.rotate(boundToken, "app"))
        .isInstanceOf(InvalidGrantException.class);
    assertThat(grants.isActive(offline.id())).as("offline_access outlives the session").isTrue();
    assertThatThrownBy(() -> grants.rotate(used, "app"))
        .as("a rotated token presented again is still reuse")
        .isInstanceOf(InvalidGrantException.class);
    assertThat(grants.isActive(offline.id())).as("and reuse still revokes the family").isFalse();
    assertThatThrownBy(() -> grants.rotate(newest, "app"))
        .isInstanceOf(InvalidGrantException.class);
  }

  @Test
  void aRoundAMonthLaterDeletesWhatExpiredAndRevokedGrantsWithTheirTokens() {
    String ada = logIn("ada@example.org");
    Grant offline = redeem(ada, "openid", Grants.OFFLINE_ACCESS);
    String token = grants.issueRefresh(offline).orElseThrow();
    Grant revoked = redeem(ada, "openid", Grants.OFFLINE_ACCESS);
    grants.issueRefresh(revoked).orElseThrow();
    grants.revokeGrant(revoked.id());
    services.clock().advance(Grants.REFRESH_LIFETIME.plus(Duration.ofSeconds(1)));

    Housekeeping.Round round = housekeeping.runOnce();

    assertThat(round.sessions()).isEqualTo(1);
    assertThat(round.oauth().refreshTokens()).as("both tokens expired").isEqualTo(2);
    assertThat(round.oauth().grants()).as("both grants spent").isEqualTo(2);
    assertThat(services.stores().grants().findGrant(offline.id())).isEmpty();
    assertThat(services.stores().grants().findGrant(revoked.id())).isEmpty();
    assertThatThrownBy(() -> grants.rotate(token, "app"))
        .as("refused as before, now as unknown")
        .isInstanceOf(InvalidGrantException.class);
    assertThat(housekeeping.runOnce().deletedAny()).as("nothing left to delete").isFalse();
  }

  private String logIn(String email) {
    services.auth().registerUser(email, PASSWORD);
    return services.auth().logIn(email, PASSWORD, ADDRESS).token();
  }

  private Grant redeem(String sessionToken, String... scopes) {
    Session session = services.auth().whoami(sessionToken).orElseThrow().session();
    String code = grants.issueCode(authorization(app, session, scopes));
    return grants.redeemCode(code, app.clientId(), REDIRECT_URI, Optional.of(VERIFIER));
  }
}
