package io.bienvenue.auth.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuthExceptionTest {

  private static final List<AuthException> EVERY_MEMBER =
      List.of(
          new AccountDisabledException(),
          new EmailAlreadyRegisteredException(),
          new EmailNotVerifiedException(),
          new InvalidCredentialsException(),
          new InvalidFieldException("email", "not a valid address"),
          new InvalidLoginCodeException(),
          new InvalidOneTimeCodeException(),
          new InvalidPasskeyException(),
          new InvalidResetTokenException(),
          new InvalidVerificationTokenException(),
          new LoginCodesUnavailableException(),
          new NoSessionException(),
          new OneTimeCodeRequiredException(),
          new ServiceBusyException(),
          new TooManyAttemptsException(Duration.ofSeconds(3)),
          new TwoFactorStateException("two-step login is already on"),
          new UnknownEmailException(),
          new UnknownPasskeyException(),
          new UnknownSessionException(),
          new WrongPasswordException());

  @Test
  void theListAboveIsTheWholeSealedFamily() {
    Set<Class<?>> listed = EVERY_MEMBER.stream().map(Object::getClass).collect(Collectors.toSet());

    assertThat(listed).containsExactlyInAnyOrder(AuthException.class.getPermittedSubclasses());
  }

  @Test
  void eachMemberHasAReasonOfItsOwnAndEveryReasonHasAMember() {
    List<AuthException.Reason> reasons = EVERY_MEMBER.stream().map(AuthException::reason).toList();

    assertThat(reasons).doesNotHaveDuplicates();
    assertThat(reasons).containsExactlyInAnyOrder(AuthException.Reason.values());
  }

  @Test
  void noMemberCarriesAStackTraceOrACause() {
    for (AuthException e : EVERY_MEMBER) {
      assertThat(e.getStackTrace()).as(e.getClass().getSimpleName()).isEmpty();
      assertThat(e.getCause()).as(e.getClass().getSimpleName()).isNull();
    }
  }

  @Test
  void aThrottledOutcomeRoundsItsWaitUpToWholeSeconds() {
    assertThat(new TooManyAttemptsException(Duration.ofMillis(2_001)).retryAfterSeconds())
        .isEqualTo(3);
    assertThat(new TooManyAttemptsException(Duration.ZERO).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void reasonsAreNamedAfterTheirMembers() {
    for (AuthException e : EVERY_MEMBER) {
      String member = e.getClass().getSimpleName().replace("Exception", "");
      String reason =
          Arrays.stream(e.reason().name().split("_"))
              .map(word -> word.charAt(0) + word.substring(1).toLowerCase())
              .collect(Collectors.joining());
      assertThat(reason).isEqualTo(member);
    }
  }
}
