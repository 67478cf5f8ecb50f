package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.rest.testing.InMemoryApi;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Whatever the user name and password, the service sees exactly what the client encoded (RFC 7617). */
class BasicCredentialsPropertiesTest {

    private final InMemoryApi api = new InMemoryApi();

    @Property(tries = 200)
    void userAndPasswordReachTheServiceUnchanged(@ForAll @StringLength(min = 1, max = 40) String user,
                                                 @ForAll @StringLength(max = 60) String password) {
        String username = user.replace(":", "");
        // Not representable: a user-id has no colon, and UTF-8 cannot carry lone surrogates.
        Assume.that(!username.isEmpty() && !hasLoneSurrogate(username + password));
        int before = api.users.usernamesSeen.size();

        int status = api.anonymous("GET", "v1/accounts").basic(username, password).send().status();

        assertThat(status).isEqualTo(401);
        assertThat(api.users.usernamesSeen).hasSize(before + 1);
        assertThat(api.users.usernamesSeen.get(before)).isEqualTo(username);
        assertThat(api.users.passwordCopies.get(before)).isEqualTo(password);
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
                return true;
            }
            if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }
}
