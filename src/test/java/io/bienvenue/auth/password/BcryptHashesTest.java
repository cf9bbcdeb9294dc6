package io.bienvenue.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class BcryptHashesTest {

  private static final String COST_4 = BCrypt.hashpw("pw", BCrypt.gensalt("$2b", 4));
  private static final String TAIL = COST_4.substring("$2b$04$".length());

  @Test
  void everyVersionOfTheFormatStatesItsCost() {
    assertThat(BcryptHashes.statedCost(COST_4)).hasValue(4);
    assertThat(BcryptHashes.statedCost("$2a$10$" + TAIL)).hasValue(10);
    assertThat(BcryptHashes.statedCost("$2y$31$" + TAIL)).hasValue(31);
  }

  @Test
  void aCostOutOfRangeHasTheShapeButIsNotWellFormed() {
    assertThat(BcryptHashes.statedCost("$2b$03$" + TAIL)).hasValue(3);
    assertThat(BcryptHashes.costOf("$2b$03$" + TAIL)).isEmpty();
    assertThat(BcryptHashes.costOf("$2b$32$" + TAIL)).isEmpty();
    assertThat(BcryptHashes.costOf("$2b$31$" + TAIL)).hasValue(31);
  }

  @Test
  void anythingElseHasNoCost() {
    assertThat(BcryptHashes.statedCost("$2x$10$" + TAIL)).isEmpty();
    assertThat(BcryptHashes.statedCost("$2b$10$" + TAIL.substring(1))).isEmpty();
    assertThat(BcryptHashes.statedCost("$2b$10$" + TAIL + "x")).isEmpty();
    assertThat(BcryptHashes.statedCost("$2b$1$" + TAIL)).isEmpty();
    assertThat(BcryptHashes.statedCost("")).isEmpty();
  }

  @Test
  void theDefaultsAreCostsInTheirOwnRange() {
    assertThat(BcryptHashes.isCost(BcryptHashes.DEFAULT_COST)).isTrue();
    assertThat(BcryptHashes.DEFAULT_COST).isGreaterThanOrEqualTo(BcryptHashes.MIN_PRODUCTION_COST);
    assertThat(BcryptHashes.DEFAULT_MAX_COST).isBetween(BcryptHashes.DEFAULT_COST, 31);
  }

  @Test
  void aCostOrCapOutOfRangeIsRefusedByName() {
    assertThat(BcryptHashes.requireCost(4, "--bcrypt-cost")).isEqualTo(4);
    assertThatThrownBy(() -> BcryptHashes.requireCost(3, "--bcrypt-cost"))
        .hasMessage("--bcrypt-cost must be from 4 to 31, not 3");
    assertThat(BcryptHashes.requireCap(12, 12, "--max-bcrypt-cost", "--bcrypt-cost")).isEqualTo(12);
    assertThatThrownBy(() -> BcryptHashes.requireCap(11, 12, "--max-bcrypt-cost", "--bcrypt-cost"))
        .hasMessage("--max-bcrypt-cost must be from --bcrypt-cost (12) to 31, not 11");
    assertThatThrownBy(() -> BcryptHashes.requireCap(32, 12, "--max-bcrypt-cost", "--bcrypt-cost"))
        .hasMessage("--max-bcrypt-cost must be from --bcrypt-cost (12) to 31, not 32");
  }

  @Test
  void withCostChangesOnlyTheCostField() {
    String raised = BcryptHashes.withCost(COST_4, 9);

    assertThat(raised).isEqualTo("$2b$09$" + TAIL);
    assertThat(BCrypt.checkpw("pw", raised)).isFalse();
    assertThatThrownBy(() -> BcryptHashes.withCost("not a hash", 9))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
