package io.haven.rest.auth;

import io.haven.api.model.User;
import java.security.Principal;

/** The authenticated Haven user, as resources find it in the SecurityContext. */
public record UserPrincipal(User user) implements Principal {

    @Override
    public String getName() {
        return user.username();
    }
}
