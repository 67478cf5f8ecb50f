package io.haven.shell.testing;

import io.haven.api.model.ApiKey;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.User;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.TooManySignInsException;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Root with one password, its keys in memory; records where sign-ins come from. */
public class FakeUsers implements UserService {

    public static final User ROOT = new User(1, "root", true);
    public static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    public String password = "root-password-1";
    public final List<ApiKey> keys = new ArrayList<>();
    public final List<String> signIns = new ArrayList<>();
    public Long throttledSeconds;

    @Override
    public Optional<User> authenticate(String username, char[] pass) {
        return signIn(username, pass, UNKNOWN_ADDRESS, "rest");
    }

    @Override
    public Optional<User> signIn(String username, char[] pass, String address, String channel) {
        signIns.add(username + "@" + address + " via " + channel);
        if (throttledSeconds != null) {
            throw new TooManySignInsException(throttledSeconds);
        }
        return "root".equals(username) && Arrays.equals(password.toCharArray(), pass) ? Optional.of(ROOT) : Optional.empty();
    }

    @Override
    public Optional<User> authenticateApiKey(String apiKey) {
        return Optional.empty();
    }

    @Override
    public Optional<User> authenticateApiKey(String apiKey, String address) {
        return Optional.empty();
    }

    @Override
    public Optional<User> byUsername(String username) {
        return "root".equals(username) ? Optional.of(ROOT) : Optional.empty();
    }

    @Override
    public void changePassword(long userId, char[] currentPassword, char[] newPassword) {
        if (!Arrays.equals(password.toCharArray(), currentPassword)) {
            throw new ValidationException("currentPassword", "The current password is not right");
        }
        password = new String(newPassword);
    }

    @Override
    public String createApiKey(long userId, String name) {
        return createApiKey(userId, name, null).key();
    }

    @Override
    public NewApiKey createApiKey(long userId, String name, Instant expires) {
        ApiKey key = new ApiKey(keys.size() + 1, name, NOW, expires, null);
        keys.add(key);
        return new NewApiKey(key, "hvn_shown-once-" + key.id());
    }

    @Override
    public List<ApiKey> apiKeys(long userId) {
        return userId == ROOT.id() ? List.copyOf(keys) : List.of();
    }

    @Override
    public void revokeApiKey(long userId, long keyId) {
        if (!keys.removeIf(k -> k.id() == keyId)) {
            throw new NotFoundException("API key", keyId);
        }
    }
}
