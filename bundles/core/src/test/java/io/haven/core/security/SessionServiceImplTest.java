package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.auth.SignInFailure;
import io.haven.api.service.SessionService.NewSession;
import io.haven.api.service.SessionService.Session;
import io.haven.api.service.TooManySignInsException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionServiceImplTest {

    private static final SecretCipher CIPHER = TestCiphers.temporary();

    private static final String PASSWORD = "Session-Pass-1234";

    private final HavenStore store = TestStores.empty(); // root is made with its password below
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final LocalPasswordAuthenticator local = new LocalPasswordAuthenticator(store, new PasswordHasher(64, 1, 1));
    private final List<SignInFailure> failures = new ArrayList<>();
    private final io.haven.core.audit.AuditServiceImpl audit = new io.haven.core.audit.AuditServiceImpl(store, clock,
            Duration.ofDays(30));
    private final UserServiceImpl users = users();
    private final SessionServiceImpl sessions = sessions();

    private SessionServiceImpl sessions() {
        OpenSessions table = new OpenSessions();
        users.addCredentialsListener(table); // as DS wires them
        return new SessionServiceImpl(users, table, audit, clock);
    }

    private UserServiceImpl users() {
        UserServiceImpl service = new UserServiceImpl(store, local, clock, Duration.ofSeconds(60), CIPHER);
        service.addAuthenticator(local);
        service.addListener(failures::add);
        service.createRootOnFirstStart(PASSWORD, null);
        return service;
    }

    private NewSession signIn() {
        return sessions.signIn("root", PASSWORD.toCharArray(), "198.51.100.7").orElseThrow();
    }

    @Test
    void aSignInOpensASessionWhoseTokenAndCsrfTokenAreRandomAndDistinct() {
        NewSession first = signIn();
        NewSession second = signIn();

        assertThat(first.token()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(second.token());
        assertThat(first.session().csrfToken()).hasSizeGreaterThanOrEqualTo(43)
                .isNotEqualTo(first.token()).isNotEqualTo(second.session().csrfToken());
        assertThat(first.session().user().username()).isEqualTo("root");
        assertThat(first.session().expires()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(first.toString()).doesNotContain(first.token());
        assertThat(sessions.resume(first.token(), null)).map(s -> s.user().username()).contains("root");
    }

    @Test
    void aConsoleSignInIsInTheAuditLogAndARefusedOneAsAFailure() {
        signIn();
        sessions.signIn("root", "wrong-password-here".toCharArray(), "198.51.100.7");
        users.addListener(audit); // as DS wires the audit log to refused sign-ins
        sessions.signIn("root", "wrong-password-again".toCharArray(), "198.51.100.7");

        var entries = audit.list(io.haven.core.TestStores.ROOT, io.haven.api.model.AuditQuery.latest(10)).items();
        assertThat(entries).hasSize(2);
        io.haven.api.model.AuditEntry signIn = entries.get(1);
        assertThat(signIn.event()).isEqualTo("sign-in");
        assertThat(signIn.channel()).isEqualTo("console");
        assertThat(signIn.address()).isEqualTo("198.51.100.7");
        assertThat(signIn.outcome()).isEqualTo(io.haven.api.service.AuditService.SUCCEEDED);
        assertThat(entries.get(0).outcome()).isEqualTo("failed: rejected");
    }

    @Test
    void aWrongPasswordOpensNothingAndIsLoggedAsAConsoleFailure() {
        assertThat(sessions.signIn("root", "wrong-password-here".toCharArray(), "198.51.100.7")).isEmpty();
        assertThat(sessions.openSessions()).isZero();
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.channel()).isEqualTo("console");
            assertThat(f.address()).isEqualTo("198.51.100.7");
        });
    }

    @Test
    void failuresAreThrottledLikeEverySignIn() {
        for (int i = 0; i < 6; i++) {
            sessions.signIn("root", ("wrong-" + i).toCharArray(), "198.51.100.7");
        }
        assertThatThrownBy(() -> sessions.signIn("root", PASSWORD.toCharArray(), "198.51.100.7"))
                .isInstanceOf(TooManySignInsException.class);
    }

    @Test
    void theCsrfTokenIsVerifiedOnlyWhenExactlyTheSessionsOneIsPresented() {
        NewSession opened = signIn();
        String csrf = opened.session().csrfToken();

        assertThat(sessions.resume(opened.token(), csrf)).map(Session::csrfVerified).contains(true);
        assertThat(sessions.resume(opened.token(), null)).map(Session::csrfVerified).contains(false);
        assertThat(sessions.resume(opened.token(), csrf + "x")).map(Session::csrfVerified).contains(false);
        assertThat(sessions.resume(opened.token(), signIn().session().csrfToken())).map(Session::csrfVerified).contains(false);
        assertThat(sessions.resume(opened.token(), "")).map(Session::csrfVerified).contains(false);
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutes() {
        NewSession opened = signIn();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.resume(opened.token(), null)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.resume(opened.token(), null)).as("used 29 minutes ago").isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.resume(opened.token(), null)).as("idle for 30 minutes").isEmpty();
        assertThat(sessions.openSessions()).isZero();
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverBusy() {
        NewSession opened = signIn();
        for (int i = 0; i < 12 * 4 - 1; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.resume(opened.token(), null)).as("after %d minutes", 15 * (i + 1)).isPresent();
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(sessions.resume(opened.token(), null)).isEmpty();
    }

    @Test
    void signingOutEndsOnlyThatSession() {
        NewSession one = signIn();
        NewSession other = signIn();
        sessions.signOut(one.token());
        sessions.signOut("not-a-token");
        sessions.signOut(null);

        assertThat(sessions.resume(one.token(), null)).isEmpty();
        assertThat(sessions.resume(other.token(), null)).isPresent();
        sessions.signOutEverywhere(other.session().user().id());
        assertThat(sessions.resume(other.token(), null)).isEmpty();
    }

    @Test
    void aChangedOrResetPasswordEndsEverySessionOfThatUserAndNoOther() {
        NewSession root = signIn();
        io.haven.api.model.Caller rootCaller = io.haven.api.model.Caller.of(root.session().user());
        String bobsPassword = "Bobs-Session-Pass-99";
        long bob = users.createUser(rootCaller, new io.haven.api.model.UserDraft("bob", null, bobsPassword.toCharArray(),
                io.haven.api.model.UserType.INDEPENDENT, null)).id();
        NewSession bobs = sessions.signIn("bob", bobsPassword.toCharArray(), "198.51.100.8").orElseThrow();

        users.resetPassword(rootCaller, bob, "Bobs-New-Pass-1234".toCharArray());
        assertThat(sessions.resume(bobs.token(), null)).as("reset by root").isEmpty();
        assertThat(sessions.resume(root.token(), null)).isPresent();

        users.changePassword(root.session().user().id(), PASSWORD.toCharArray(), "Roots-New-Pass-5678".toCharArray());
        assertThat(sessions.resume(root.token(), null)).as("changed by the user").isEmpty();
    }

    @Test
    void unknownOrEmptyTokensFindNothing() {
        signIn();
        assertThat(sessions.resume("made-up", null)).isEmpty();
        assertThat(sessions.resume("", null)).isEmpty();
        assertThat(sessions.resume(null, null)).isEmpty();
    }

    @Test
    void expiredSessionsAreSweptWhenManyAreOpen() {
        for (int i = 0; i <= OpenSessions.SWEEP_ABOVE; i++) {
            signIn();
        }
        clock.advance(Duration.ofHours(13));
        signIn();
        assertThat(sessions.openSessions()).isEqualTo(1);
    }
}
