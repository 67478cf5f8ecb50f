package io.haven.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code io.haven.server} into a working HTTPS listener: provisions the keystore in
 * {@code ${karaf.data}/haven/tls}, then points Pax Web at it (HTTPS on, plain HTTP off unless asked for). Runs at
 * activation and on every configuration change, so a new port or certificate applies without a restart.
 * A problem the administrator must fix is logged as one error line and leaves the running listener as it was.
 */
@Component(immediate = true, configurationPid = ServerConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = ServerConfiguration.class)
public class HttpsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsSetup.class);

    private final ConfigurationAdmin configurationAdmin;
    private final KeystoreProvisioner provisioner;
    private final Path baseDirectory;
    private final Supplier<Optional<String>> machineHostname;

    @Activate
    public HttpsSetup(BundleContext context, ServerConfiguration configuration,
                      @Reference ConfigurationAdmin configurationAdmin) {
        this(configurationAdmin, karafDirectory(context, "karaf.data", context.getDataFile("").toPath())
                        .resolve("haven").resolve("tls"),
                karafDirectory(context, "karaf.base", Path.of("").toAbsolutePath()), Clock.systemUTC(),
                HttpsSetup::localHostname);
        apply(configuration);
    }

    /** For tests: every environmental input explicit, and nothing applied yet. */
    HttpsSetup(ConfigurationAdmin configurationAdmin, Path keystoreDirectory, Path baseDirectory, Clock clock,
               Supplier<Optional<String>> machineHostname) {
        this.configurationAdmin = configurationAdmin;
        this.provisioner = new KeystoreProvisioner(new HavenKeystore(keystoreDirectory), clock);
        this.baseDirectory = baseDirectory;
        this.machineHostname = machineHostname;
    }

    @Modified
    void modified(ServerConfiguration configuration) {
        apply(configuration);
    }

    /** @return whether Pax Web was reconfigured */
    synchronized boolean apply(ServerConfiguration configuration) {
        try {
            TlsSettings settings = TlsSettings.from(configuration, baseDirectory, machineHostname.get());
            ProvisionedKeystore keystore = provisioner.provision(settings);
            LOG.info("HTTPS certificate SHA-256 {} ({}), keystore {}", keystore.fingerprint(), keystore.origin(),
                    keystore.path());
            Map<String, String> desired = PaxWebConfiguration.desired(settings, keystore);
            boolean updated = PaxWebConfiguration.apply(configurationAdmin, desired);
            LOG.info("HTTPS on {}:{}, plain HTTP {}{}", settings.host(), settings.port(),
                    settings.httpPort() > 0 ? "on port " + settings.httpPort() : "off",
                    updated ? ": Pax Web reconfigured" : ": Pax Web unchanged");
            return updated;
        } catch (TlsConfigurationException e) {
            LOG.error("HTTPS settings ({}) not applied, the web server keeps its previous ones: {}",
                    ServerConfiguration.PID, e.getMessage());
        } catch (IOException e) {
            LOG.error("HTTPS settings ({}) not applied, the web server keeps its previous ones", ServerConfiguration.PID, e);
        }
        return false;
    }

    private static Path karafDirectory(BundleContext context, String property, Path fallback) {
        String value = context.getProperty(property);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    /** The machine's name for the generated certificate; never blocks start-up for long or fails it. */
    static Optional<String> localHostname() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName()).filter(name -> !name.isBlank());
        } catch (UnknownHostException e) {
            // the name is known but does not resolve: the environment usually still carries it
            return Optional.ofNullable(System.getenv("HOSTNAME")).filter(name -> !name.isBlank());
        }
    }
}
