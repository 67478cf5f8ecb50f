package io.haven.rest.testing;

import io.haven.api.model.User;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One user with one password and one API key; records the keys it creates. */
public class FakeUserService implements UserService {

    public static final long USER_ID = 7;

    private final User user;
    private final String password;
    private final String apiKey;
    public final List<String> createdKeyNames = new ArrayList<>();
    /** The passwords handed to authenticate, as they looked after the call returned (wiped or not). */
    public final List<char[]> passwordsSeen = new ArrayList<>();
    public final List<String> usernamesSeen = new ArrayList<>();
    /** Copies taken during the call, before the filter wipes the array. */
    public final List<String> passwordCopies = new ArrayList<>();

    FakeUserService(String username, String password, String apiKey) {
        this.user = new User(USER_ID, username, false);
        this.password = password;
        this.apiKey = apiKey;
    }

    @Override
    public Optional<User> authenticate(String username, char[] pass) {
        passwordsSeen.add(pass);
        usernamesSeen.add(username);
        passwordCopies.add(new String(pass));
        boolean ok = user.username().equals(username) && Arrays.equals(password.toCharArray(), pass);
        return ok ? Optional.of(user) : Optional.empty();
    }

    @Override
    public Optional<User> authenticateApiKey(String key) {
        return apiKey.equals(key) ? Optional.of(user) : Optional.empty();
    }

    @Override
    public String createApiKey(long userId, String name) {
        if (name == null || name.isBlank()) {
            throw new ValidationException("name", "A name is required");
        }
        if (userId != USER_ID) {
            throw new ValidationException("userId", "User " + userId + " does not exist");
        }
        createdKeyNames.add(name);
        return "hvn_generated-" + createdKeyNames.size();
    }
}
