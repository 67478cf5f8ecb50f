package io.haven.itests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Gives each test class of {@link SharedDistributionIT} the Haven a container of its own would have given it,
 * without booting Karaf again (about half a minute each): Haven's bundles are stopped, which drops everything
 * they hold in memory (caches, sign-in throttles, schedules), the emulator is emptied, Haven's data source is
 * pointed at a new empty Derby database, the class's settings of {@code io.haven.core} are applied on top of
 * the distribution's, and the bundles are started again, which migrates the new database and creates root.
 */
final class FreshHaven {

    private static final String DATA_SOURCE_FACTORY_PID = "org.ops4j.datasource";
    private static final String CORE_PID = "io.haven.core";

    /** The test class that ran last in this container; a new one starts over. */
    private static Class<?> lastClass;
    /** The distribution's settings of io.haven.core, as the container started with them. */
    private static Dictionary<String, Object> distributionCoreSettings;
    private static Map<String, String> appliedCoreSettings = Map.of();
    private static int databases;

    private FreshHaven() {
    }

    /**
     * Starts Haven over when {@code testClass} is not the class that ran last in this container. Returns
     * whether it did, so that the caller knows the REST API has to come up again.
     */
    static synchronized boolean forClass(BundleContext context, Class<?> testClass, Map<String, String> coreSettings)
            throws Exception {
        if (testClass == lastClass) {
            return false;
        }
        boolean firstInContainer = lastClass == null;
        lastClass = testClass;
        if (firstInContainer && coreSettings.isEmpty()) {
            return false; // the container was booted for this class: all is fresh already
        }
        List<Bundle> haven = havenBundles(context);
        for (int i = haven.size() - 1; i >= 0; i--) {
            stop(haven.get(i));
        }
        ConfigurationAdmin configAdmin = HavenTestSupport.service(context, ConfigurationAdmin.class);
        if (!firstInContainer) {
            Emulator.checkIamPermissions(false);
            Emulator.reset();
            newDatabase(context, configAdmin);
        }
        applyCoreSettings(configAdmin, coreSettings);
        for (Bundle bundle : haven) {
            bundle.start();
        }
        return true;
    }

    /** Haven's own bundles (not the test plugins), in the order they were installed. */
    private static List<Bundle> havenBundles(BundleContext context) {
        List<Bundle> haven = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name.startsWith("haven-") && !name.startsWith("haven-testing-")
                    && bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                haven.add(bundle);
            }
        }
        haven.sort(Comparator.comparingLong(Bundle::getBundleId));
        return haven;
    }

    private static void stop(Bundle bundle) throws BundleException {
        if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
            bundle.stop();
        }
    }

    /** Points the data source named haven at a new Derby database and waits until it is registered. */
    private static void newDatabase(BundleContext context, ConfigurationAdmin configAdmin) throws Exception {
        Configuration[] configurations = configAdmin.listConfigurations(
                "(&(service.factoryPid=" + DATA_SOURCE_FACTORY_PID + ")(dataSourceName=haven))");
        if (configurations == null || configurations.length != 1) {
            throw new IllegalStateException("Expected one configuration of the haven data source, found "
                    + (configurations == null ? 0 : configurations.length));
        }
        Object before = dataSourceId(context);
        Dictionary<String, Object> properties = configurations[0].getProperties();
        String url = (String) properties.get("url");
        if (!url.startsWith("jdbc:derby:")) {
            throw new IllegalStateException("A shared container starts over on Derby only, not on " + url);
        }
        databases++;
        properties.put("url", "jdbc:derby:" + System.getProperty("karaf.data") + "/haven/db-" + databases + ";create=true");
        configurations[0].update(properties);
        HavenTestSupport.eventually("the haven data source is registered on the new database", Duration.ofSeconds(60),
                () -> {
                    Object now = dataSourceId(context);
                    return now != null && !now.equals(before);
                });
    }

    private static Object dataSourceId(BundleContext context) {
        try {
            var references = context.getServiceReferences(DataSource.class, "(dataSourceName=haven)");
            return references.isEmpty() ? null : references.iterator().next().getProperty(Constants.SERVICE_ID);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The distribution's io.haven.core settings with the class's on top; the previous class's are gone. */
    private static void applyCoreSettings(ConfigurationAdmin configAdmin, Map<String, String> coreSettings)
            throws Exception {
        if (coreSettings.equals(appliedCoreSettings)) {
            return;
        }
        Configuration core = configAdmin.getConfiguration(CORE_PID, null);
        if (distributionCoreSettings == null) {
            distributionCoreSettings = copy(Objects.requireNonNull(core.getProperties(), "no io.haven.core settings"));
        }
        Dictionary<String, Object> settings = copy(distributionCoreSettings);
        coreSettings.forEach(settings::put);
        core.update(settings);
        appliedCoreSettings = Map.copyOf(coreSettings);
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }
}
