package io.haven.tls;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Haven's web server settings, configuration PID {@code io.haven.server} (file {@code etc/io.haven.server.cfg}).
 * Changes apply without a restart: the HTTPS listener moves and the certificate is replaced in place.
 */
@ObjectClassDefinition(id = ServerConfiguration.PID, name = "Haven server",
        description = "HTTPS listener and certificate of Haven's web console and REST API.")
public @interface ServerConfiguration {

    String PID = "io.haven.server";

    @AttributeDefinition(description = "HTTPS port.", min = "1", max = "65535")
    int port() default 8443;

    @AttributeDefinition(description = "Address to listen on; 0.0.0.0 listens on every interface.")
    String host() default "0.0.0.0";

    @AttributeDefinition(name = "Plain HTTP port", description = "Port of an additional plain-HTTP listener, "
            + "for use behind a TLS-terminating proxy only; 0 (the default) means no plain HTTP.", min = "0", max = "65535")
    int httpPort() default 0;

    @AttributeDefinition(name = "Certificate file", description = "PEM file with the server certificate, "
            + "optionally followed by its chain. Empty: Haven generates a self-signed certificate.")
    String certificateFile() default "";

    @AttributeDefinition(name = "Private key file", description = "PEM file with the certificate's unencrypted "
            + "private key: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or EC (BEGIN EC PRIVATE KEY).")
    String privateKeyFile() default "";

    @AttributeDefinition(name = "Certificate host names", description = "Comma-separated host names and IP "
            + "addresses for the generated certificate's subject alternative names; the machine's host name is "
            + "always added. Unused with a configured certificate.")
    String certificateHostnames() default "localhost,127.0.0.1";
}
