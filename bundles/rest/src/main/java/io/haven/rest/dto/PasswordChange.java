package io.haven.rest.dto;

/** The body of PUT /password: the caller's current password and the new one. */
public record PasswordChange(String currentPassword, String newPassword) {

    public char[] current() {
        return Required.field("currentPassword", currentPassword).toCharArray();
    }

    public char[] next() {
        return Required.field("newPassword", newPassword).toCharArray();
    }

    @Override
    public String toString() {
        return "PasswordChange[***]";
    }
}
