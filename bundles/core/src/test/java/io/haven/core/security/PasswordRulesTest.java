package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.service.ValidationException;
import org.junit.jupiter.api.Test;

class PasswordRulesTest {

    private static final BreachedPasswords BREACHED = BreachedPasswords.load();
    private final PasswordRules rules = new PasswordRules(BREACHED);

    @Test
    void theBreachedListIsZxcvbnsThirtyThousand() {
        assertThat(BREACHED.size()).isGreaterThan(29_000);
        assertThat(BREACHED.contains("PassWord".toCharArray())).isTrue();
    }

    @Test
    void twelveToOneHundredTwentyEightCharactersWithoutCompositionRules() {
        assertThatCode(() -> rules.check("newPassword", "root", "all lower case".toCharArray())).doesNotThrowAnyException();
        assertThatCode(() -> rules.check("newPassword", "root", "x".repeat(128).toCharArray())).doesNotThrowAnyException();
        refused("eleven char", "at least 12");
        refused("x".repeat(129), "at most 128");
        // Twelve characters outside the basic plane are twelve, not twenty-four.
        assertThatCode(() -> rules.check("newPassword", "root", "😀".repeat(12).toCharArray())).doesNotThrowAnyException();
        refused("😀".repeat(11), "at least 12");
    }

    @Test
    void breachedPasswordsAndTheUserNameAreRefused() {
        refused("1qaz2wsx3edc", "breached");
        refused("Q1W2E3R4T5Y6", "breached");
        assertThatThrownBy(() -> rules.check("newPassword", "administrator", "Administrator".toCharArray()))
                .hasMessageContaining("user name");
    }

    private void refused(String password, String reason) {
        assertThatThrownBy(() -> rules.check("newPassword", "root", password.toCharArray()))
                .isInstanceOf(ValidationException.class).hasMessageContaining(reason)
                .extracting("field").isEqualTo("newPassword");
    }
}
