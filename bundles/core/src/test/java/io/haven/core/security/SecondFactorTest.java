package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.haven.api.auth.SignInFailure;
import io.haven.api.auth.SignInFailure.Reason;
import io.haven.api.model.Caller;
import io.haven.api.model.SecondFactorState;
import io.haven.api.model.TotpEnrollment;
import io.haven.api.model.User;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.SecondFactorRequiredException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TOTP second factors (issue 9): enrolment, sign-in on every channel, one use per code, turning off. */
class SecondFactorTest {

    private static final String PASSWORD = "Correct-Horse-9";
    private static final String ADDRESS = "203.0.113.5";

    private final HavenStore store = TestStores.empty();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:05Z"));
    private final LocalPasswordAuthenticator local = new LocalPasswordAuthenticator(store, new PasswordHasher(64, 1, 1));
    private final List<SignInFailure> failures = new ArrayList<>();
    private final UserServiceImpl users = new UserServiceImpl(store, local, clock, Duration.ofSeconds(60),
            TestCiphers.temporary());
    private Caller root;
    private UserProfile alice;

    @BeforeEach
    void users() {
        users.addAuthenticator(local);
        users.addListener(failures::add);
        users.createRootOnFirstStart(PASSWORD, null);
        root = Caller.of(users.byUsername("root").orElseThrow());
        alice = users.createUser(root, new UserDraft("alice", null, PASSWORD.toCharArray(), UserType.INDEPENDENT, null));
    }

    @Test
    void aSecondFactorIsAskedForOnlyOnceProvedAndItsSecretIsNeverStoredInClearText() {
        TotpEnrollment enrollment = users.startSecondFactor(alice.id());
        assertThat(enrollment.secret()).matches("[A-Z2-7]{32}");
        assertThat(enrollment.uri()).isEqualTo("otpauth://totp/Haven%3Aalice?secret=" + enrollment.secret()
                + "&issuer=Haven&algorithm=SHA1&digits=6&period=30");
        assertThat(enrollment.toString()).doesNotContain(enrollment.secret());
        assertThat(store.secondFactors().of(alice.id()).orElseThrow().secret()).startsWith("v1:")
                .doesNotContain(enrollment.secret());
        assertThat(users.secondFactor(alice.id())).isEqualTo(SecondFactorState.PENDING);
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), null, ADDRESS, "console")).as("pending: not asked").isPresent();

        assertThatThrownBy(() -> users.confirmSecondFactor(alice.id(), "123456")).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("code");
        assertThat(failures).extracting(SignInFailure::reason).containsExactly(Reason.SECOND_FACTOR);
        users.confirmSecondFactor(alice.id(), code(enrollment, clock.instant()));
        assertThat(users.secondFactor(alice.id())).isEqualTo(SecondFactorState.ON);
        assertThatThrownBy(() -> users.startSecondFactor(alice.id())).isInstanceOf(ConflictException.class);
    }

    @Test
    void theConsoleAsksForTheCodeAfterTheRightPasswordAndEachCodeWorksOnce() {
        TotpEnrollment enrollment = turnedOn();
        clock.advance(Duration.ofSeconds(30));
        String code = code(enrollment, clock.instant());

        assertThatThrownBy(() -> users.signIn("alice", PASSWORD.toCharArray(), null, ADDRESS, "console"))
                .isInstanceOf(SecondFactorRequiredException.class);
        assertThat(users.signIn("alice", "Wrong-Password-1".toCharArray(), null, ADDRESS, "console"))
                .as("a wrong password is refused, not asked for a code").isEmpty();
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), wrong(code), ADDRESS, "console")).isEmpty();
        assertThat(failures).extracting(SignInFailure::reason).containsExactly(Reason.REJECTED, Reason.SECOND_FACTOR);

        assertThat(users.signIn("alice", PASSWORD.toCharArray(), code, ADDRESS, "console")).map(User::username).contains("alice");
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), code, ADDRESS, "console")).as("used once").isEmpty();
    }

    @Test
    void theShellAndBasicTakeTheCodeAfterThePasswordAndNeverRememberIt() {
        TotpEnrollment enrollment = turnedOn();
        clock.advance(Duration.ofSeconds(30));
        String code = code(enrollment, clock.instant());

        assertThatThrownBy(() -> users.signIn("alice", PASSWORD.toCharArray(), ADDRESS, "shell"))
                .as("no code appended").isInstanceOf(SecondFactorRequiredException.class);
        assertThat(users.signIn("alice", (PASSWORD + code).toCharArray(), ADDRESS, "shell")).isPresent();
        assertThat(users.signIn("alice", (PASSWORD + code).toCharArray(), ADDRESS, "rest"))
                .as("not remembered: the same password and code again").isEmpty();
        assertThat(users.signIn("root", PASSWORD.toCharArray(), ADDRESS, "shell")).as("users without one: unchanged").isPresent();
    }

    @Test
    void aCodeOfTheStepBeforeOrAfterIsTakenForClockDriftButNotOlder() {
        TotpEnrollment enrollment = turnedOn();
        clock.advance(Duration.ofMinutes(5));
        Instant now = clock.instant();
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), code(enrollment, now.minusSeconds(60)), ADDRESS, "console"))
                .as("two steps old").isEmpty();
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), code(enrollment, now.minusSeconds(30)), ADDRESS, "console"))
                .as("one step old").isPresent();
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), code(enrollment, now.minusSeconds(30)), ADDRESS, "console"))
                .as("not twice").isEmpty();
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), code(enrollment, now.plusSeconds(30)), ADDRESS, "console"))
                .as("one step ahead").isPresent();
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), code(enrollment, now), ADDRESS, "console"))
                .as("a step before one already used").isEmpty();
    }

    @Test
    void theUserTurnsItOffWithACodeAndTheirManagerWithout() {
        TotpEnrollment enrollment = turnedOn();
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> users.turnOffSecondFactor(alice.id(), "000000")).isInstanceOf(ValidationException.class);
        users.turnOffSecondFactor(alice.id(), code(enrollment, clock.instant()));
        assertThat(users.secondFactor(alice.id())).isEqualTo(SecondFactorState.OFF);
        assertThat(users.signIn("alice", PASSWORD.toCharArray(), null, ADDRESS, "console")).isPresent();

        turnedOn();
        UserProfile bob = users.createUser(root, new UserDraft("bob", null, PASSWORD.toCharArray(), UserType.INDEPENDENT, null));
        Caller asBob = Caller.of(users.byUsername("bob").orElseThrow());
        assertThatThrownBy(() -> users.resetSecondFactor(asBob, alice.id())).as("bob does not manage alice")
                .isInstanceOf(RuntimeException.class);
        assertThat(users.secondFactor(alice.id())).isEqualTo(SecondFactorState.ON);
        users.resetSecondFactor(root, alice.id());
        assertThat(users.secondFactor(alice.id())).isEqualTo(SecondFactorState.OFF);
        assertThat(bob.id()).isNotEqualTo(alice.id());
        assertThatThrownBy(() -> users.resetSecondFactor(root, 999_999)).isInstanceOf(NotFoundException.class);
    }

    private TotpEnrollment turnedOn() {
        TotpEnrollment enrollment = users.startSecondFactor(alice.id());
        users.confirmSecondFactor(alice.id(), code(enrollment, clock.instant()));
        return enrollment;
    }

    /** What the user's authenticator app shows at that time. */
    private static String code(TotpEnrollment enrollment, Instant at) {
        try {
            return new TimeBasedOneTimePasswordGenerator().generateOneTimePasswordString(
                    new SecretKeySpec(new Base32().decode(enrollment.secret()), "HmacSHA1"), at, Locale.ROOT);
        } catch (java.security.InvalidKeyException e) {
            throw new AssertionError(e);
        }
    }

    private static String wrong(String code) {
        return String.format(Locale.ROOT, "%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }
}
