package io.haven.core.security;

import io.haven.api.service.ValidationException;

/**
 * What a new password must be (OWASP ASVS level 2): 12 to 128 characters (counted as Unicode code
 * points), not a known breached password, not the user name. No composition rules.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private final BreachedPasswords breached;

    public PasswordRules(BreachedPasswords breached) {
        this.breached = breached;
    }

    /** @throws ValidationException naming the field when the password is refused */
    public void check(String field, String username, char[] password) {
        if (password == null || password.length == 0) {
            throw new ValidationException(field, "A password is required");
        }
        int length = Character.codePointCount(password, 0, password.length);
        if (length < MIN_LENGTH) {
            throw new ValidationException(field, "A password needs at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            throw new ValidationException(field, "A password may have at most " + MAX_LENGTH + " characters");
        }
        if (username != null && username.equalsIgnoreCase(new String(password))) {
            throw new ValidationException(field, "A password may not be the user name");
        }
        if (breached.contains(password)) {
            throw new ValidationException(field, "This password is in a list of breached passwords; choose another");
        }
    }
}
