package io.haven.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import io.haven.testing.moto.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.BundleContext;

/**
 * Boots the real Haven distribution (the tar.gz this build made) with Pax Exam, pointed at a moto
 * emulator that runs in the test driver's JVM. Tests run inside the container and talk to Haven as a
 * user would: HTTPS to the REST API, and shell commands.
 */
public abstract class HavenTestSupport {

    static final String ROOT_PASSWORD = "it-Root-Password-7";

    /** The folder of the IAM policies Haven documents (docs/iam), for the tests that hold AWS to them. */
    static final String IAM_DOCS_PROPERTY = "haven.it.iam";
    /** The jar of the test target-type plugin that HotDeployIT deploys. */
    static final String WIDGET_PLUGIN_PROPERTY = "haven.it.widget.plugin";

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        MotoServer moto = DriverMoto.get();
        String localRepository = System.getProperty("org.ops4j.pax.url.mvn.localRepository", "");
        String karaf = System.getProperty("karaf.version");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("io.haven", "haven").type("tar.gz").versionAsInProject())
                        .name("Haven")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                keepRuntimeFolder(),
                logLevel(LogLevel.INFO),
                systemTimeout(300_000),
                // Pax Exam's probe waits this long for the test invoker, 10 s by default: on a loaded machine the boot
                // features (Haven's among them) take longer to start, the probe gives up, and the test hangs for 300 s.
                systemProperty("org.ops4j.pax.swissbox.tracker.ServiceLookup.DEFAULT_TIMEOUT").value("120000"),
                // The probe's extender looks the invoker factory up with a timeout of its own (Parser, 10 s by
                // default), which the property above does not change: both are needed.
                systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("120000"),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
                editConfigurationFilePut("etc/io.haven.core.cfg", "rootPassword", ROOT_PASSWORD),
                editConfigurationFilePut("etc/io.haven.core.cfg", "maxPollIntervalSeconds", "2"),
                systemProperty(HavenClient.PORT_PROPERTY).value(httpsPort()),
                editConfigurationFilePut("etc/io.haven.server.cfg", "port", System.getProperty(HavenClient.PORT_PROPERTY)),
                systemProperty(Emulator.ENDPOINT_PROPERTY).value(moto.endpoint()),
                systemProperty(Emulator.PROXY_PROPERTY).value(DriverProxy.get(moto.endpoint()).endpoint()),
                // The same JDK 9+ module options as Karaf's own bin/karaf script.
                new VMOption("--add-reads=java.xml=java.logging"),
                new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                new VMOption("--patch-module"),
                new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karaf + ".jar"),
                new VMOption("--patch-module"),
                new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karaf + ".jar"),
                new VMOption("--add-opens"), new VMOption("java.base/java.security=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.base/java.net=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.base/java.lang=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.base/java.util=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                new VMOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                new VMOption("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"),
                new VMOption("-classpath"),
                new VMOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*" + File.pathSeparator + "lib/endorsed/*")));
        // What some classes need, given to every container so that the classes of SharedDistributionIT can share one.
        options.addAll(List.of(
                systemProperty(IAM_DOCS_PROPERTY).value(new File("../docs/iam").getAbsoluteFile().toPath().normalize().toString()),
                systemProperty(WIDGET_PLUGIN_PROPERTY).value(new File("../testing/widget-plugin/target/haven-testing-widget-plugin-"
                        + System.getProperty("haven.version") + ".jar").getAbsolutePath()),
                // NotificationsIT's SMTP server, GreenMail, and the mail API it runs on
                mavenBundle("jakarta.activation", "jakarta.activation-api").versionAsInProject(),
                mavenBundle("org.eclipse.angus", "angus-activation").versionAsInProject(),
                mavenBundle("org.eclipse.angus", "jakarta.mail").versionAsInProject(), // API and implementation
                mavenBundle("com.icegreen", "greenmail").versionAsInProject()));
        options.addAll(List.of(extraOptions()));
        return options(options.toArray(new Option[0]));
    }

    /**
     * More options for one test class, which then needs a container of its own: a class of
     * {@link SharedDistributionIT} keeps to {@link #coreSettings()}.
     */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /** Settings of {@code io.haven.core} this class needs on top of the distribution's. */
    protected java.util.Map<String, String> coreSettings() {
        return java.util.Map.of();
    }

    /** Whether the REST API has answered once in this container; it comes up after the services tests inject. */
    private static volatile boolean restReady;

    /** A client of the REST API, signed in as root, once the API answers. */
    protected HavenClient rest() {
        HavenClient client = HavenClient.asRoot(ROOT_PASSWORD);
        if (!restReady) {
            eventually("the REST API answers", Duration.ofSeconds(60),
                    () -> client.get("/openapi.json").status() == 200 && client.get("/accounts").status() == 200);
            restReady = true;
        }
        return client;
    }

    /**
     * Runs a shell command as the signed-in Haven user would (under the session's JAAS subject, as after
     * {@code bin/client -u USER}) and returns what it printed, errors included.
     */
    @SuppressWarnings("removal") // Karaf runs commands under Subject.doAs; so does this
    protected String shellAs(String user, String command) {
        javax.security.auth.Subject subject = new javax.security.auth.Subject();
        subject.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal(user));
        return javax.security.auth.Subject.doAs(subject, (java.security.PrivilegedAction<String>) () -> shell(command));
    }

    /** A service registered in the container, waiting up to 30 s for it. */
    protected <T> T service(Class<T> type) throws InterruptedException {
        return service(bundleContext, type);
    }

    /** The service, waited for up to 30 s: bundles may still be starting (after a boot, or {@link FreshHaven}). */
    static <T> T service(org.osgi.framework.BundleContext bundleContext, Class<T> type) throws InterruptedException {
        org.osgi.util.tracker.ServiceTracker<T, T> tracker = new org.osgi.util.tracker.ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        T service = tracker.waitForService(30_000);
        if (service == null) {
            throw new AssertionError(type.getName() + " is not available");
        }
        return service;
    }

    /**
     * The test probe can start while Karaf is still starting the boot features (seconds later on a loaded
     * machine): every test first waits until every Haven bundle is active, and fails naming those that never are.
     * The first test of a class in a shared container first starts Haven over ({@link FreshHaven}).
     */
    @org.junit.Before
    public void awaitHavenBundlesActive() throws Exception {
        if (bundleContext == null) {
            return;
        }
        if (FreshHaven.forClass(bundleContext, getClass(), coreSettings())) {
            restReady = false;
        }
        try {
            eventually("every Haven bundle is active", Duration.ofSeconds(90), () -> notActiveHavenBundles().isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("not active: " + notActiveHavenBundles(), e);
        }
    }

    protected List<String> notActiveHavenBundles() {
        List<String> notActive = new ArrayList<>();
        for (org.osgi.framework.Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getSymbolicName().startsWith("haven-") && bundle.getState() != org.osgi.framework.Bundle.ACTIVE) {
                notActive.add(bundle.getSymbolicName() + " state " + bundle.getState());
            }
        }
        return notActive;
    }

    /**
     * Runs a shell command as a user types it and returns what it printed, errors included. Karaf registers a
     * bundle's commands once their services are there, just after the bundle starts: a command not found yet is
     * waited for, up to 60 s.
     */
    protected String shell(String command) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String printed = shellOnce(command);
        while (printed.contains("Command not found: ") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return printed;
            }
            printed = shellOnce(command);
        }
        return printed;
    }

    private String shellOnce(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        try {
            session.execute(command);
        } catch (Exception e) {
            out.println("Error executing command: " + e.getMessage());
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Waits until the condition holds, checking it every 200 ms, and fails with the description when
     * it does not within the timeout. This is waiting for an outcome, not sleeping for a guessed time.
     */
    protected static void eventually(String description, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException | AssertionError retry) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out waiting for: " + description, retry);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + description);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + description);
            }
        }
    }

    /** Registers the emulator as an AWS account through REST and returns its id. */
    protected static long addEmulatorAccount(HavenClient api) {
        return addAccount(api, Emulator.endpoint());
    }

    /**
     * Registers an account that reaches the emulator through the driver's proxy, which passes what AWS
     * accepts and moto refuses (see {@link StallingProxy}).
     */
    protected static long addProxiedEmulatorAccount(HavenClient api) {
        return addAccount(api, Emulator.proxyEndpoint());
    }

    private static long addAccount(HavenClient api, String endpoint) {
        HavenClient.Response created = api.post("/accounts", java.util.Map.of("name", "emulator-" + System.nanoTime(),
                "authMethod", "ACCESS_KEYS", "accessKeyId", "test", "secretAccessKey", "test-secret",
                "endpoint", endpoint));
        if (created.status() != 201) {
            throw new AssertionError("Adding the emulator account failed: " + created.body());
        }
        return created.json().get("id").asLong();
    }

    /** Starts a backup of the policy and waits until it has ended; returns the backup as REST shows it. */
    protected static com.fasterxml.jackson.databind.JsonNode runToEnd(HavenClient api, long policyId) {
        HavenClient.Response run = api.post("/policies/" + policyId + "/run", "");
        if (run.status() != 202) {
            throw new AssertionError("Run refused: " + run.body());
        }
        long backupId = run.json().get("backupId").asLong();
        eventually("backup " + backupId + " ends", Duration.ofSeconds(90),
                () -> !"IN_PROGRESS".equals(api.get("/backups/" + backupId).json().get("status").asText()));
        return api.get("/backups/" + backupId).json();
    }

    /** Waits until the recovery has ended; returns it as the recovery monitor shows it. */
    protected static com.fasterxml.jackson.databind.JsonNode awaitRecovery(HavenClient api, long id) {
        eventually("recovery " + id + " ends", Duration.ofSeconds(120),
                () -> !"IN_PROGRESS".equals(api.get("/recoveries/" + id).json().get("status").asText()));
        return api.get("/recoveries/" + id).json();
    }

    /** The element of a JSON array whose field has the value. */
    protected static com.fasterxml.jackson.databind.JsonNode element(com.fasterxml.jackson.databind.JsonNode array,
                                                                     String field, String value) {
        for (com.fasterxml.jackson.databind.JsonNode node : array) {
            if (value.equals(node.get(field).asText())) {
                return node;
            }
        }
        throw new AssertionError("No " + field + "=" + value + " in " + array);
    }

    /** One option of a recoverable in a recovery panel. */
    protected static com.fasterxml.jackson.databind.JsonNode option(com.fasterxml.jackson.databind.JsonNode recoverable,
                                                                    String name) {
        return element(recoverable.get("options"), "name", name);
    }

    private static String httpsPort() {
        String port = System.getProperty(HavenClient.PORT_PROPERTY);
        if (port == null) {
            port = freePort();
            System.setProperty(HavenClient.PORT_PROPERTY, port);
        }
        return port;
    }

    static String freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
