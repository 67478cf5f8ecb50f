package io.haven.rest.testing;

import io.haven.api.model.User;
import io.haven.api.service.SessionService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Sessions over the fake user service: tokens session-N with CSRF tokens csrf-N; expiry is core's, tested there. */
public class FakeSessionService implements SessionService {

    public static final Instant EXPIRES = FakeUserService.NOW.plusSeconds(12 * 3600);

    private final FakeUserService users;
    private final Map<String, Session> open = new LinkedHashMap<>();
    private int next = 1;

    FakeSessionService(FakeUserService users) {
        this.users = users;
    }

    @Override
    public Optional<NewSession> signIn(String username, char[] password, String address) {
        return signIn(username, password, null, address);
    }

    @Override
    public Optional<NewSession> signIn(String username, char[] password, String code, String address) {
        Optional<User> user = users.signIn(username, password, code, address, CHANNEL);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        int n = next++;
        Session session = new Session(user.get(), "csrf-" + n, true, EXPIRES);
        open.put("session-" + n, session);
        return Optional.of(new NewSession("session-" + n, session));
    }

    @Override
    public Optional<Session> resume(String token, String csrfToken) {
        return Optional.ofNullable(open.get(token))
                .map(s -> new Session(s.user(), s.csrfToken(), s.csrfToken().equals(csrfToken), s.expires()));
    }

    @Override
    public void signOut(String token) {
        open.remove(token);
    }

    public boolean isOpen(String token) {
        return open.containsKey(token);
    }
}
