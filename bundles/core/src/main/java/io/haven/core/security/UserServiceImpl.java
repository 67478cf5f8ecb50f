package io.haven.core.security;

import io.haven.api.model.User;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Validation;
import io.haven.store.HavenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and API keys. Passwords are bcrypt hashes (BouncyCastle); API keys are random 256-bit tokens
 * stored as SHA-256 (they carry enough entropy that a slow hash adds nothing). The root user is
 * created at the first start.
 */
@Component(service = UserService.class, immediate = true, configurationPid = CoreConfig.PID)
public class UserServiceImpl implements UserService {

    private static final Logger LOG = LoggerFactory.getLogger(UserServiceImpl.class);
    static final String ROOT = "root";
    private static final int BCRYPT_COST = 12;
    /** A hash to compare against when the user does not exist, so that timing does not tell. */
    private static final String DUMMY_HASH = OpenBSDBCrypt.generate("dummy".toCharArray(), new byte[16], 4);

    private final HavenStore store;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public UserServiceImpl(@Reference HavenStore store, CoreConfig config) {
        this.store = store;
        createRootOnFirstStart(RootPassword.given(config.rootPassword(), System.getenv(), RootPassword.handOverFile())
                .orElse(null), null);
    }

    UserServiceImpl(HavenStore store) {
        this.store = store;
    }

    synchronized void createRootOnFirstStart(String configured, String fromEnvironment) {
        if (store.users().count() > 0) {
            return;
        }
        String password = firstNonBlank(configured, fromEnvironment);
        boolean generated = password == null;
        if (generated) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        store.users().insert(ROOT, hash(password.toCharArray()), true);
        if (generated) {
            // Shown once, on the console only: never through the log.
            System.out.println();
            System.out.println("Haven created the user 'root' with the password: " + password);
            System.out.println("It is shown only this once. Set HAVEN_ROOT_PASSWORD before the first start to choose it.");
            System.out.println();
            LOG.info("Root user created with a generated password (shown once on the console)");
        } else {
            LOG.info("Root user created with the configured password");
        }
    }

    @Override
    public Optional<User> authenticate(String username, char[] password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        var stored = store.users().byUsername(username);
        boolean matches = OpenBSDBCrypt.checkPassword(stored.map(s -> s.passwordHash()).orElse(DUMMY_HASH), password);
        return matches && stored.isPresent() ? Optional.of(stored.get().user()) : Optional.empty();
    }

    @Override
    public Optional<User> authenticateApiKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        return store.users().byApiKeyHash(sha256(apiKey.trim()));
    }

    @Override
    public String createApiKey(long userId, String name) {
        String clean = Validation.name("name", name);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = "hvn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            store.users().insertApiKey(userId, clean, sha256(key));
        } catch (RuntimeException e) {
            throw new ValidationException("userId", "User " + userId + " does not exist");
        }
        return key;
    }

    private String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate(password, salt, BCRYPT_COST);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
