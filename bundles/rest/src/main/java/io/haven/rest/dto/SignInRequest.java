package io.haven.rest.dto;

/**
 * The body of POST /session: a user name and password, to open a browser session, and the current one-time code for
 * a user with a second factor (null otherwise).
 */
public record SignInRequest(String username, String password, String code) {

    public String user() {
        return Required.field("username", username);
    }

    public char[] secret() {
        return Required.field("password", password).toCharArray();
    }

    @Override
    public String toString() {
        return "SignInRequest[" + username + ", ***" + (code == null ? "" : ", ***") + "]";
    }
}
