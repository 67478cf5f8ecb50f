package io.haven.tls;

import java.util.Collections;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Just enough ConfigurationAdmin for {@link HttpsSetup}: configurations by PID, with their properties, location and
 * change count. Everything else is unsupported.
 */
final class InMemoryConfigurationAdmin implements ConfigurationAdmin {

    private final Map<String, StoredConfiguration> configurations = new HashMap<>();

    /** What an administrator or Karaf's etc/ file put there before. */
    void preset(String pid, Map<String, ?> properties) {
        getConfiguration(pid, "?").update(new Hashtable<>(properties));
    }

    /** The PID's properties, or null when it was never written. */
    Dictionary<String, Object> properties(String pid) {
        StoredConfiguration configuration = configurations.get(pid);
        return configuration == null ? null : configuration.getProperties();
    }

    long changeCount(String pid) {
        StoredConfiguration configuration = configurations.get(pid);
        return configuration == null ? 0 : configuration.getChangeCount();
    }

    String location(String pid) {
        return configurations.get(pid).getBundleLocation();
    }

    @Override
    public StoredConfiguration getConfiguration(String pid, String location) {
        return configurations.computeIfAbsent(pid, key -> new StoredConfiguration(key, location));
    }

    @Override
    public Configuration getConfiguration(String pid) {
        throw new UnsupportedOperationException("binds to the caller's bundle: Pax Web would never see it");
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration[] listConfigurations(String filter) {
        throw new UnsupportedOperationException();
    }

    static final class StoredConfiguration implements Configuration {

        private final String pid;
        private String location;
        private Hashtable<String, Object> properties;
        private long changeCount;

        StoredConfiguration(String pid, String location) {
            this.pid = pid;
            this.location = location;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(properties);
        }

        @Override
        public void update(Dictionary<String, ?> newProperties) {
            properties = new Hashtable<>();
            for (String key : Collections.list(newProperties.keys())) {
                properties.put(key, newProperties.get(key));
            }
            properties.put("service.pid", pid);
            changeCount++;
        }

        @Override
        public long getChangeCount() {
            return changeCount;
        }

        @Override
        public String getBundleLocation() {
            return location;
        }

        @Override
        public void setBundleLocation(String location) {
            this.location = location;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> properties) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getFactoryPid() {
            return null;
        }

        @Override
        public void update() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return EnumSet.noneOf(ConfigurationAttribute.class);
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }
    }
}
