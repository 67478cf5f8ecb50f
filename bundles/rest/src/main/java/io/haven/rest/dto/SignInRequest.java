package io.haven.rest.dto;

/** The body of POST /session: a user name and password, to open a browser session. */
public record SignInRequest(String username, String password) {

    public String user() {
        return Required.field("username", username);
    }

    public char[] secret() {
        return Required.field("password", password).toCharArray();
    }

    @Override
    public String toString() {
        return "SignInRequest[" + username + ", ***]";
    }
}
