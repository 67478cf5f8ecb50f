package io.haven.shell.account;

import io.haven.api.model.AuthMethod;
import io.haven.api.service.ValidationException;
import java.util.Locale;

/** The shell's words for the authentication methods: keys, instance-role, assume-role. */
final class AuthMethodText {

    static final String KEYS = "keys";
    static final String INSTANCE_ROLE = "instance-role";
    static final String ASSUME_ROLE = "assume-role";

    private AuthMethodText() {
    }

    /** Accepts the shell's words and the API's names (ACCESS_KEYS, ...), in any case. */
    static AuthMethod parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case KEYS, "access-keys" -> AuthMethod.ACCESS_KEYS;
            case INSTANCE_ROLE -> AuthMethod.INSTANCE_ROLE;
            case ASSUME_ROLE -> AuthMethod.ASSUME_ROLE;
            default -> throw new ValidationException("auth",
                    "Choose " + KEYS + ", " + INSTANCE_ROLE + " or " + ASSUME_ROLE + ", not '" + text + "'");
        };
    }

    static String format(AuthMethod method) {
        if (method == null) {
            return "";
        }
        return switch (method) {
            case ACCESS_KEYS -> KEYS;
            case INSTANCE_ROLE -> INSTANCE_ROLE;
            case ASSUME_ROLE -> ASSUME_ROLE;
        };
    }
}
