package io.haven.rest.dto;

/** The body of PUT /users/{id}/password: the new password, set by the user's manager. */
public record PasswordReset(String newPassword) {

    public char[] next() {
        return Required.field("newPassword", newPassword).toCharArray();
    }

    @Override
    public String toString() {
        return "PasswordReset[***]";
    }
}
