package io.haven.api.service;

import io.haven.api.model.User;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Authentication of Haven's users and API keys. */
@ProviderType
public interface UserService {

    /** Checks a user name and password; empty when they do not match. */
    Optional<User> authenticate(String username, char[] password);

    /** Checks an API key; empty when it is unknown. */
    Optional<User> authenticateApiKey(String apiKey);

    /** Creates an API key for a user. The key is returned once and stored only as a hash. */
    String createApiKey(long userId, String name);
}
