package io.haven.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * The packaged bundle in a bare Felix framework with SCR, Felix ConfigurationAdmin and the BouncyCastle bundles, as
 * in Karaf: it must resolve, and its component must write Pax Web's PID and follow changes of io.haven.server.
 * ConfigurationAdmin is reached by reflection, since its classes inside the framework are not the test's own.
 */
class BundleIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Framework framework;
    private static Bundle tls;
    private static Path data;

    @BeforeAll
    static void startFramework() throws Exception {
        Path storage = Files.createTempDirectory(Path.of("target"), "felix-");
        data = Files.createTempDirectory(Path.of("target"), "karaf-data-").toAbsolutePath();
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("karaf.data", data.toString());
        config.put("karaf.base", data.getParent().toString());
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = List.of(
                install(context, jarOf(org.osgi.util.function.Function.class)),
                install(context, jarOf(org.osgi.util.promise.Promise.class)),
                install(context, jarOf(org.osgi.service.component.ComponentContext.class)),
                install(context, jarOf(org.apache.felix.scr.info.ScrInfo.class)),
                install(context, jarOf(org.apache.felix.cm.PersistenceManager.class)),
                install(context, jarOf(org.slf4j.Logger.class)),
                install(context, jarOf(org.slf4j.impl.SimpleLogger.class)),
                install(context, jarOf(org.bouncycastle.jce.provider.BouncyCastleProvider.class)),
                install(context, jarOf(org.bouncycastle.asn1.cmp.PKIHeader.class)),
                install(context, jarOf(org.bouncycastle.cert.X509CertificateHolder.class)),
                tls = install(context, Path.of(System.getProperty("haven.tls.bundle")).toUri().toString()));
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    @AfterAll
    static void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void resolvesWithBouncyCastleAndExportsNothing() {
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            assertThat(bundle.getState()).as(bundle.getSymbolicName() + " " + bundle.getLocation()).isEqualTo(Bundle.ACTIVE);
        }
        assertThat(tls.getHeaders().get(Constants.EXPORT_PACKAGE)).isNull();
    }

    @Test
    void configuresPaxWebAtActivationAndFollowsAPortChange() throws Exception {
        // SCR activates the component on its own thread: wait for its write
        await().atMost(WAIT).ignoreExceptions().until(() -> "true".equals(paxWeb("org.osgi.service.http.secure.enabled")));
        assertThat(paxWeb("org.osgi.service.http.enabled")).isEqualTo("false");
        assertThat(paxWeb("org.ops4j.pax.web.ssl.keystore")).isEqualTo(data.resolve("haven/tls/haven.p12").toString());
        assertThat(data.resolve("haven/tls/haven.p12")).isRegularFile();

        Hashtable<String, Object> server = new Hashtable<>();
        server.put("port", "9443");
        update(ServerConfiguration.PID, server);

        await().atMost(WAIT).until(() -> "9443".equals(paxWeb("org.osgi.service.http.port.secure")));
    }

    private static Object paxWeb(String key) throws Exception {
        Dictionary<?, ?> properties = (Dictionary<?, ?>) invoke(configuration(PaxWebConfiguration.PID), "getProperties");
        return properties == null ? null : properties.get(key);
    }

    private static void update(String pid, Dictionary<String, Object> properties) throws Exception {
        Object configuration = configuration(pid);
        configuration.getClass().getMethod("update", Dictionary.class).invoke(configuration, properties);
    }

    private static Object configuration(String pid) throws Exception {
        BundleContext context = framework.getBundleContext();
        // all references: the framework's own context shares no class space with the ConfigurationAdmin bundle
        ServiceReference<?>[] references = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
        if (references == null) {
            throw new IllegalStateException("no ConfigurationAdmin service yet");
        }
        ServiceReference<?> reference = references[0];
        Object configurationAdmin = context.getService(reference);
        Method getConfiguration = configurationAdmin.getClass().getMethod("getConfiguration", String.class, String.class);
        return getConfiguration.invoke(configurationAdmin, pid, "?");
    }

    private static Object invoke(Object target, String method) throws Exception {
        Method m = target.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    private static Bundle install(BundleContext context, String location) throws Exception {
        return context.installBundle(location);
    }

    private static String jarOf(Class<?> type) throws Exception {
        return type.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
    }
}
