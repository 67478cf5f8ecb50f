package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.haven.testing.moto.MotoServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Schemathesis against the real distribution (started as an operator would, with moto as AWS): requests
 * generated from Haven's own OpenAPI document, valid and invalid, with every check on. The build fails
 * on any 5xx, any answer the document does not declare (status, media type, schema, headers), any
 * documented-valid input refused and any documented-invalid input taken (issue 8). The run is
 * deterministic, so CI repeats it exactly; its settings are in src/test/resources/schemathesis.toml.
 */
public class FuzzIT {

    private static final String PASSWORD = "fuzz-Test-Root-9";
    /**
     * Random cases per operation in the fuzzing phases. Schemathesis' coverage phase tries each constraint's
     * boundaries whatever this number; the default run takes 5 random cases on top, to stay in CI's budget, and
     * {@code -Dfuzz.examples=100} digs deeper in about fifteen times the time (docs/testing.md).
     */
    private static final int MAX_EXAMPLES = Integer.getInteger("fuzz.examples", 5);
    private static final long RUN_TIMEOUT_SECONDS = Math.max(420, MAX_EXAMPLES * 20L);

    private Process karaf;

    @After
    public void stopKaraf() throws InterruptedException {
        if (karaf != null) {
            List<ProcessHandle> tree = karaf.descendants().toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            karaf.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            tree.forEach(p -> p.onExit().join());
        }
    }

    @Test
    public void theApiHoldsToItsDocumentUnderFuzzing() throws Exception {
        String st = Schemathesis.command();
        MotoServer moto = DriverMoto.get();
        Path home = unpackDistribution();
        String port = HavenTestSupport.freePort();
        System.setProperty(HavenClient.PORT_PROPERTY, port);
        configure(home, port);
        karaf = start(home);

        HavenClient root = HavenClient.asRoot(PASSWORD);
        HavenTestSupport.eventually("Haven answers", Duration.ofMinutes(3), () -> root.get("/policies").status() == 200);
        HavenClient.Response key = root.post("/api-keys", Map.of("name", "schemathesis"));
        assertEquals(key.body(), 201, key.status());
        seed(root, moto);

        Path report = Path.of("target", "schemathesis");
        Files.createDirectories(report);
        Path output = report.resolve("run.log");
        int exit = Schemathesis.run(List.of(st, "--config-file", config().toString(), "--no-color", "run",
                HavenClient.baseUrl() + "/openapi.json",
                "--header", "Authorization: Bearer " + key.json().get("key").asText(),
                "--tls-verify", "false",
                "--checks", "all",
                // Its probes send wrong Basic passwords from one address, which Haven rightly throttles with 429
                // after five; that every operation refuses missing and wrong credentials with 401 is
                // AuthenticationTest's job (bundles/rest) and ShellSignInIT's.
                // use_after_free: deleting a backup marks it deleted and keeps its record, readable with "deleted"
                // set, for deletedRecordRetentionDays (guide 15.6.3); PolicyOptionsIT follows a record to its purge.
                "--exclude-checks", "ignored_auth,use_after_free",
                // Revoking API keys would revoke the fuzzer's own key and turn the rest of the run into 401s;
                // ApiKeysResourceTest and ShellSignInIT revoke keys.
                "--exclude-operation-id", "revokeApiKey",
                // Changing the password needs the current one, which the fuzzer cannot know: every try is a failed
                // sign-in of root, throttled after five. PasswordResourceTest and ShellSignInIT change passwords.
                "--exclude-operation-id", "changePassword",
                // Each permission check makes about 70 AWS calls: fuzzing it would cost minutes. Its id and region
                // are checked by OpenApiContractTest with every operation; PermissionCheckIT checks its answers.
                "--exclude-operation-id", "checkAccountPermissions",
                // The permission summary is that check as CSV (the same ~70 AWS calls per request); its parameters
                // are checked by OpenApiContractTest and ReportsResourceTest, its rows by ReportServiceImplTest.
                "--exclude-operation-id", "reportPermissions",
                // Signing in with generated passwords is a failed sign-in of root each time, throttled after five;
                // SessionResourceTest and ConsoleIT sign in.
                "--exclude-operation-id", "signIn",
                // Turning a second factor on or off needs the current code of an app the fuzzer does not have: every
                // try is a failed sign-in of root, throttled after five. SecondFactorTest and ConsoleIT use real codes.
                "--exclude-operation-id", "confirmSecondFactor",
                "--exclude-operation-id", "turnOffSecondFactor",
                // "Test connection" calls the identity provider's URLs, which the fuzzer sets to hosts that do not
                // exist: each try would wait for a network time-out. IdentityProviderServiceTest and SamlIT test it.
                "--exclude-operation-id", "testIdentityProvider",
                "--generation-deterministic",
                "--max-examples", String.valueOf(MAX_EXAMPLES),
                "--workers", "2",
                "--request-timeout", "30",
                "--report", "junit", "--report-dir", report.toString()), RUN_TIMEOUT_SECONDS, output);

        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);
        assertTrue("schemathesis found failures (the full log is in " + output.toAbsolutePath() + "):\n"
                + tail(log, 12_000), exit == 0);
        assertTrue("schemathesis tested every operation:\n" + tail(log, 2_000), log.contains("Tested: 99"));
    }

    /**
     * An account on moto, a schedule, a policy with a volume and one finished backup, so that the fuzzer
     * also reaches existing objects, not only 404s.
     */
    private static void seed(HavenClient api, MotoServer moto) {
        Ec2Client ec2 = Ec2Client.builder().endpointOverride(java.net.URI.create(moto.endpoint()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        String volume = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
        HavenClient.Response account = api.post("/accounts", Map.of("name", "emulator", "authMethod", "ACCESS_KEYS",
                "accessKeyId", "test", "secretAccessKey", "test", "endpoint", moto.endpoint()));
        assertEquals(account.body(), 201, account.status());
        HavenClient.Response schedule = api.post("/schedules", Map.of("name", "daily", "every", 1, "unit", "DAYS",
                "start", Instant.now().plus(Duration.ofDays(1)).toString()));
        assertEquals(schedule.body(), 201, schedule.status());
        HavenClient.Response policy = api.post("/policies", Map.of("name", "seeded", "accountId",
                account.json().get("id").asLong(), "generations", 2,
                "scheduleIds", List.of(schedule.json().get("id").asLong())));
        assertEquals(policy.body(), 201, policy.status());
        long policyId = policy.json().get("id").asLong();
        HavenClient.Response target = api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume",
                "region", "us-east-1", "resourceId", volume));
        assertEquals(target.body(), 201, target.status());
        HavenTestSupport.runToEnd(api, policyId);
    }

    private static Path config() throws IOException {
        Path config = Path.of("target", "schemathesis.toml");
        try (InputStream in = FuzzIT.class.getResourceAsStream("/schemathesis.toml")) {
            Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
        }
        return config.toAbsolutePath();
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    private static Path unpackDistribution() throws IOException, InterruptedException {
        String version = System.getProperty("haven.version");
        File tarball = new File("../distribution/target/haven-" + version + ".tar.gz");
        assertTrue("the distribution is built first: " + tarball.getAbsolutePath(), tarball.isFile());
        Path dir = Path.of("target", "fuzz-test");
        Schemathesis.run(List.of("rm", "-rf", dir.toString()), 120);
        Files.createDirectories(dir);
        Schemathesis.run(List.of("tar", "-xzf", tarball.getAbsolutePath(), "-C", dir.toString()), 300);
        return dir.resolve("haven-" + version).toAbsolutePath();
    }

    private static void configure(Path home, String port) throws IOException {
        Path etc = home.resolve("etc");
        replaceKey(etc.resolve("io.haven.server.cfg"), "port", port);
        replaceKey(etc.resolve("io.haven.core.cfg"), "rootPassword", PASSWORD);
        replaceKey(etc.resolve("io.haven.core.cfg"), "maxPollIntervalSeconds", "1");
        replaceKey(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", HavenTestSupport.freePort());
        replaceKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", HavenTestSupport.freePort());
        replaceKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", HavenTestSupport.freePort());
    }

    private static void replaceKey(Path file, String key, String value) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        List<String> kept = lines.stream().filter(l -> !l.matches("\\s*" + key + "\\s*=.*")).toList();
        Files.write(file, Stream.concat(kept.stream(), Stream.of(key + " = " + value)).toList());
    }

    private static Process start(Path home) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        builder.environment().remove("HAVEN_ROOT_PASSWORD");
        return builder.start();
    }
}
