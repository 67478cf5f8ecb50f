package io.haven.core.security;

import io.haven.api.auth.Authenticator;
import io.haven.api.model.User;
import io.haven.store.HavenStore;
import io.haven.store.UserRepository.StoredUser;
import java.security.SecureRandom;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Passwords kept by Haven itself (hashed, see {@link PasswordHasher}). An unknown user costs the same
 * hash as a known one: the password is checked against a dummy hash made with the same parameters. A
 * bcrypt hash of an earlier version is replaced by an Argon2id one when its password is proved.
 */
@Component(service = {Authenticator.class, LocalPasswordAuthenticator.class}, property = "service.ranking:Integer=100")
public class LocalPasswordAuthenticator implements Authenticator {

    private final HavenStore store;
    private final PasswordHasher hasher;
    private final String dummyHash;

    @Activate
    public LocalPasswordAuthenticator(@Reference HavenStore store) {
        this(store, PasswordHasher.STANDARD);
    }

    public LocalPasswordAuthenticator(HavenStore store, PasswordHasher hasher) {
        this.store = store;
        this.hasher = hasher;
        char[] random = new char[24];
        SecureRandom secure = new SecureRandom();
        for (int i = 0; i < random.length; i++) {
            random[i] = (char) ('a' + secure.nextInt(26));
        }
        this.dummyHash = hasher.hash(random);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Optional<String> authenticate(String username, char[] password) {
        Optional<StoredUser> stored = store.users().byUsername(username);
        if (stored.isEmpty()) {
            hasher.verify(dummyHash, password);
            return Optional.empty();
        }
        return matches(stored.get(), password) ? Optional.of(stored.get().user().username()) : Optional.empty();
    }

    /** Whether the password is the user's; false when the user does not exist. */
    public boolean matches(long userId, char[] password) {
        Optional<StoredUser> stored = store.users().byId(userId);
        if (stored.isEmpty()) {
            hasher.verify(dummyHash, password);
            return false;
        }
        return matches(stored.get(), password);
    }

    /** Stores a new password for the user (rules are the caller's). */
    public void setPassword(long userId, char[] password) {
        store.users().updatePasswordHash(userId, hasher.hash(password));
    }

    /** Creates a user with a password (rules are the caller's). */
    public long createUser(String username, char[] password, io.haven.api.model.UserType type, Long managerId, String email) {
        return store.users().insert(username, hasher.hash(password), type, managerId, email);
    }

    /** Creates a delegate with a password (rules are the caller's). */
    public long createDelegate(String username, char[] password, String email, long principalId,
                               io.haven.api.model.DelegatePermissions permissions) {
        return store.users().insertDelegate(username, hasher.hash(password), email, principalId, permissions);
    }

    /** @param limits the user's resource limits; null means none */
    public long createUser(String username, char[] password, io.haven.api.model.UserType type, Long managerId, String email,
                           io.haven.api.model.ResourceLimits limits) {
        return store.users().insert(username, hasher.hash(password), type, managerId, email, limits);
    }

    public long createUser(String username, char[] password, boolean root) {
        return store.users().insert(username, hasher.hash(password), root);
    }

    PasswordHasher hasher() {
        return hasher;
    }

    String dummyHash() {
        return dummyHash;
    }

    private boolean matches(StoredUser stored, char[] password) {
        if (stored.passwordHash().startsWith("!")) {
            // No password of its own (the identity provider's users): as slow as a wrong password, so as not to tell.
            hasher.verify(dummyHash, password);
            return false;
        }
        if (!hasher.verify(stored.passwordHash(), password)) {
            return false;
        }
        if (hasher.needsRehash(stored.passwordHash())) {
            User user = stored.user();
            store.users().replacePasswordHash(user.id(), stored.passwordHash(), hasher.hash(password));
        }
        return true;
    }
}
