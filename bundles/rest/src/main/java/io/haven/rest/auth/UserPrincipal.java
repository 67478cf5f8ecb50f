package io.haven.rest.auth;

import io.haven.api.model.ApiKey;
import io.haven.api.model.User;
import java.security.Principal;

/**
 * The authenticated Haven user, as resources find it in the SecurityContext, with the API key the request was made
 * with (null: other credentials). The key travels here because resources may be handed a proxy of the
 * SecurityContext, whose principal is all they can rely on.
 */
public record UserPrincipal(User user, ApiKey key) implements Principal {

    public UserPrincipal(User user) {
        this(user, null);
    }

    @Override
    public String getName() {
        return user.username();
    }
}
