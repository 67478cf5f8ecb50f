package io.haven.tls;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs when the bundle starts, which the haven-tls feature places at start level 25, before Pax Web and SCR (30):
 * if Pax Web's configuration names a keystore that is gone, HTTPS is turned off before Jetty can trip over it (see
 * {@link PaxWebConfiguration#disableHttpsIfKeystoreUnusable}). {@link HttpsSetup} turns it on again moments later.
 */
public final class KeystoreGuard implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(KeystoreGuard.class);

    @Override
    public void start(BundleContext context) {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        if (reference == null) {
            return; // no ConfigurationAdmin yet: Pax Web has no configuration to trip over either
        }
        ConfigurationAdmin configurationAdmin = context.getService(reference);
        try {
            if (configurationAdmin != null && PaxWebConfiguration.disableHttpsIfKeystoreUnusable(configurationAdmin)) {
                LOG.info("HTTPS turned off until a new keystore is made: the configured one cannot be opened");
            }
        } catch (Exception e) {
            LOG.warn("Cannot check Pax Web's keystore before Jetty starts", e);
        } finally {
            context.ungetService(reference);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to undo
    }
}
