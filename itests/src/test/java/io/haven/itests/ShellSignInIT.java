package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Signing in to the Karaf shell over SSH (as bin/client does) with Haven's users: root's password,
 * Karaf's admin role, API keys and the password managed from the shell, throttled wrong passwords (shared
 * with REST), and sshd on the loopback interface only. One test: its steps change root's password and
 * throttle root, which would disturb any other test in this container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ShellSignInIT extends HavenTestSupport {

    private static final String NEW_PASSWORD = "shell changed this passphrase";
    private static final String WRONG_PASSWORD = "Wrong-Guess-Never-Logged";
    private static final String SALLY_PASSWORD = "sally's own long passphrase";

    @Inject
    protected ConfigurationAdmin configAdmin;

    /** No remembered sign-ins: every password below is really checked, throttled or not. */
    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFilePut("etc/io.haven.core.cfg", "signInCacheSeconds", "0")};
    }

    @Test
    public void rootSignsInToTheShellWithItsHavenPassword() throws Exception {
        var shellConfig = configAdmin.getConfiguration("org.apache.karaf.shell", null).getProperties();
        int port = Integer.parseInt(shellConfig.get("sshPort").toString());
        assertEquals("the distribution's sshd listens on loopback", "127.0.0.1", shellConfig.get("sshHost"));
        for (InetAddress address : nonLoopbackAddresses()) {
            assertRefused(address, port);
        }
        HavenClient api = rest();

        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            // Password only, so that each sign-in below is exactly one attempt.
            client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
            client.start();

            String roles = exec(client, port, ROOT_PASSWORD, "jaas:whoami -r", "");
            assertTrue(roles, roles.contains("admin") && roles.contains("ssh"));

            String created = exec(client, port, ROOT_PASSWORD, "haven:apikey-create --expires 2099-01-01 shell-key", "");
            Matcher key = Pattern.compile("(hvn_\\S+)").matcher(created);
            assertTrue(created, key.find());
            assertEquals(200, HavenClient.bearer(key.group(1)).get("/accounts").status());
            String listed = exec(client, port, ROOT_PASSWORD, "haven:apikey-list", "");
            assertTrue(listed, listed.contains("shell-key"));
            assertFalse("a listed key never shows its value", listed.contains(key.group(1)));
            assertEquals("REST lists the same key", "shell-key",
                    api.get("/api-keys").json().get(0).get("name").asText());
            Matcher id = Pattern.compile("(\\d+)\\s*\\|\\s*shell-key").matcher(listed);
            assertTrue(listed, id.find());
            exec(client, port, ROOT_PASSWORD, "haven:apikey-revoke " + id.group(1), "");
            assertEquals("a revoked key is refused", 401, HavenClient.bearer(key.group(1)).get("/accounts").status());

            aUsersApiKeyOpensTheShellWithTheKeysRightsUntilItIsRevoked(api, client, port);

            String changed = exec(client, port, ROOT_PASSWORD, "haven:password",
                    ROOT_PASSWORD + "\n" + NEW_PASSWORD + "\n" + NEW_PASSWORD + "\n");
            assertTrue(changed, changed.contains("Password changed"));
            assertEquals(401, HavenClient.asRoot(ROOT_PASSWORD).get("/accounts").status());
            assertEquals(200, HavenClient.asRoot(NEW_PASSWORD).get("/accounts").status());

            // Guessing: after five free failures each one makes the next attempt wait, twice as long each time,
            // so a guesser soon tries while waiting and is refused unheard; the log tells those apart.
            int guesses = 0;
            while (!log().contains("Sign-in failed: user 'root' from 127.0.0.1 via shell: THROTTLED")) {
                assertTrue("no throttling after " + guesses + " wrong passwords", guesses++ < 30);
                assertFalse("a wrong password never opens the shell", signsIn(client, port, WRONG_PASSWORD));
            }
            HavenClient.Response answer = HavenClient.basic("root", WRONG_PASSWORD).get("/accounts");
            for (int tries = 0; answer.status() == 401 && tries < 20; tries++) {
                answer = HavenClient.basic("root", WRONG_PASSWORD).get("/accounts");
            }
            assertEquals("REST shares the throttle: " + answer.body(), 429, answer.status());
            assertTrue(Integer.parseInt(answer.header("Retry-After")) >= 1);
            // Never locked out for good: the wait ends, and the right password is checked again.
            eventually("root signs in to the shell again", Duration.ofSeconds(90), () -> signsIn(client, port, NEW_PASSWORD));
        }
        String log = log();
        assertTrue(log.contains("Sign-in failed: user 'root' from 127.0.0.1 via shell: REJECTED"));
        assertFalse("no password in the log", log.contains(WRONG_PASSWORD) || log.contains(NEW_PASSWORD));
    }

    /**
     * Sally's API keys, made over REST, as her ssh password: each session has its key's rights (a read-only key is
     * refused a change), and revoking the key stops the session it opened at its next command.
     */
    private static void aUsersApiKeyOpensTheShellWithTheKeysRightsUntilItIsRevoked(HavenClient root, SshClient client,
                                                                                  int port) throws IOException {
        assertEquals(201, root.post("/users", java.util.Map.of("username", "sally", "password", SALLY_PASSWORD,
                "type", "INDEPENDENT")).status());
        HavenClient sally = HavenClient.basic("sally", SALLY_PASSWORD);
        HavenClient.Response full = sally.post("/api-keys", java.util.Map.of("name", "ssh-full"));
        HavenClient.Response readOnly = sally.post("/api-keys", java.util.Map.of("name", "ssh-read-only", "readOnly", true));
        assertEquals(full.body(), 201, full.status());
        assertEquals(readOnly.body(), 201, readOnly.status());

        try (ClientSession session = signIn(client, port, "sally", full.json().get("key").asText())) {
            String added = exec(session, "haven:schedule-add --every 1 --unit days nightly", "");
            assertTrue(added, added.contains("Added schedule"));
        }
        assertEquals("the schedule is sally's", "nightly", sally.get("/schedules").json().get(0).get("name").asText());

        // Karaf ends an SSH session after its one exec command, so this session types its commands, as a person does.
        try (ClientSession session = signIn(client, port, "sally", readOnly.json().get("key").asText());
             InteractiveShell shell = new InteractiveShell(session)) {
            String listed = shell.type("haven:schedule-list", "nightly");
            assertFalse(listed, listed.contains("Error:"));
            String refused = shell.type("haven:schedule-add --every 1 --unit days second", "is read-only");
            assertTrue(refused, refused.contains("Error:") && refused.contains("'ssh-read-only' is read-only"));
            assertEquals("nothing added", 1, sally.get("/schedules").json().size());

            assertEquals(204, sally.delete("/api-keys/" + readOnly.json().get("id").asLong()).status());
            String afterRevoking = shell.type("haven:schedule-list", "revoked or expired");
            assertFalse("the same session is refused: " + afterRevoking, afterRevoking.contains("nightly"));
        }
        assertFalse("a revoked key opens no session", signsIn(client, port, "sally", readOnly.json().get("key").asText()));
    }

    /** One SSH session's interactive shell (as {@code bin/client} without a command): commands typed one by one. */
    private static final class InteractiveShell implements AutoCloseable {
        private final ChannelShell channel;
        private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

        InteractiveShell(ClientSession session) throws IOException {
            channel = session.createShellChannel();
            channel.setOut(printed);
            channel.setErr(printed);
            channel.open().verify(30, TimeUnit.SECONDS);
        }

        /** Types a command and returns what the shell printed for it, once that holds {@code until}. */
        String type(String command, String until) throws IOException {
            int from = printed.size();
            channel.getInvertedIn().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            channel.getInvertedIn().flush();
            eventually("the shell answers '" + command + "' with '" + until + "'", Duration.ofSeconds(60),
                    () -> since(from).contains(until));
            return since(from);
        }

        private String since(int from) {
            byte[] all = printed.toByteArray();
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            channel.close(false);
        }
    }

    private static String log() {
        try {
            return Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs one command in a new SSH session (as {@code bin/client -u root CMD} does) and returns its output. */
    private static String exec(SshClient client, int port, String password, String command, String input)
            throws IOException {
        try (ClientSession session = signIn(client, port, "root", password)) {
            return exec(session, command, input);
        }
    }

    /** Runs one command in a signed-in SSH session (each command its own channel, as one ssh connection allows). */
    private static String exec(ClientSession session, String command, String input) throws IOException {
        try (ChannelExec channel = session.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            channel.setOut(out);
            channel.setErr(out);
            channel.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            channel.open().verify(30, TimeUnit.SECONDS);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(60));
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean signsIn(SshClient client, int port, String password) {
        return signsIn(client, port, "root", password);
    }

    private static boolean signsIn(SshClient client, int port, String user, String password) {
        try (ClientSession session = signIn(client, port, user, password)) {
            return session.isAuthenticated();
        } catch (IOException refused) {
            return false;
        }
    }

    private static ClientSession signIn(SshClient client, int port, String user, String password) throws IOException {
        ClientSession session = client.connect(user, "127.0.0.1", port).verify(30, TimeUnit.SECONDS).getSession();
        try {
            session.addPasswordIdentity(password);
            session.auth().verify(30, TimeUnit.SECONDS);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address)
                .toList();
    }

    private static void assertRefused(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5000);
            fail("sshd answers on " + address.getHostAddress());
        } catch (ConnectException refused) {
            // Nothing listens there: as intended.
        }
    }
}
