package io.haven.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validated form of {@link ServerConfiguration}.
 *
 * @param port                 HTTPS port
 * @param host                 listening address
 * @param httpPort             plain-HTTP port, 0 for none
 * @param certificateFile      configured PEM certificate (chain), or null to generate one
 * @param privateKeyFile       configured PEM private key; null exactly when certificateFile is null
 * @param certificateHostnames SANs of a generated certificate, without duplicates, in order
 */
public record TlsSettings(int port, String host, int httpPort, Path certificateFile, Path privateKeyFile,
                          List<String> certificateHostnames) {

    public TlsSettings {
        requirePort("port", port, 1);
        requirePort("httpPort", httpPort, 0);
        if (httpPort == port) {
            throw new TlsConfigurationException("httpPort and port must differ, both are " + port);
        }
        if (host == null || host.isBlank()) {
            throw new TlsConfigurationException("host must not be empty (0.0.0.0 listens on every interface)");
        }
        host = host.strip();
        if ((certificateFile == null) != (privateKeyFile == null)) {
            throw new TlsConfigurationException("certificateFile and privateKeyFile must be set together, or both left"
                    + " empty for a generated certificate");
        }
        certificateHostnames = List.copyOf(certificateHostnames);
        if (certificateHostnames.isEmpty()) {
            throw new TlsConfigurationException("certificateHostnames must name at least one host");
        }
    }

    /**
     * Reads the configuration; relative file names are resolved against {@code baseDirectory} (Karaf's home).
     *
     * @param machineHostname added to the certificate host names when present
     */
    public static TlsSettings from(ServerConfiguration config, Path baseDirectory, Optional<String> machineHostname) {
        Set<String> hostnames = new LinkedHashSet<>(splitList(config.certificateHostnames()));
        machineHostname.filter(name -> !name.isBlank()).ifPresent(hostnames::add);
        return new TlsSettings(config.port(), config.host(), config.httpPort(),
                optionalPath(config.certificateFile(), baseDirectory),
                optionalPath(config.privateKeyFile(), baseDirectory),
                new ArrayList<>(hostnames));
    }

    /** Whether an administrator supplied the certificate, as opposed to Haven generating one. */
    public boolean hasConfiguredCertificate() {
        return certificateFile != null;
    }

    private static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    private static Path optionalPath(String value, Path baseDirectory) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return baseDirectory.resolve(value.strip()).normalize();
    }

    private static void requirePort(String name, int value, int lowest) {
        if (value < lowest || value > 65535) {
            throw new TlsConfigurationException(name + " must be " + lowest + "-65535, not " + value);
        }
    }
}
