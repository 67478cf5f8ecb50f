package io.haven.tls;

import java.lang.annotation.Annotation;

/** {@link ServerConfiguration} values as DS would hand them in, defaults unless a test changes them. */
final class ServerConfigurations {

    private ServerConfigurations() {
    }

    static Builder defaults() {
        return new Builder();
    }

    static final class Builder {
        private int port = 8443;
        private String host = "0.0.0.0";
        private int httpPort;
        private String certificateFile = "";
        private String privateKeyFile = "";
        private String certificateHostnames = "localhost,127.0.0.1";

        Builder port(int value) {
            port = value;
            return this;
        }

        Builder host(String value) {
            host = value;
            return this;
        }

        Builder httpPort(int value) {
            httpPort = value;
            return this;
        }

        Builder files(String certificate, String privateKey) {
            certificateFile = certificate;
            privateKeyFile = privateKey;
            return this;
        }

        Builder certificateHostnames(String value) {
            certificateHostnames = value;
            return this;
        }

        ServerConfiguration build() {
            int p = port;
            String h = host;
            int hp = httpPort;
            String c = certificateFile;
            String k = privateKeyFile;
            String n = certificateHostnames;
            return new ServerConfiguration() {
                @Override
                public Class<? extends Annotation> annotationType() {
                    return ServerConfiguration.class;
                }

                @Override
                public int port() {
                    return p;
                }

                @Override
                public String host() {
                    return h;
                }

                @Override
                public int httpPort() {
                    return hp;
                }

                @Override
                public String certificateFile() {
                    return c;
                }

                @Override
                public String privateKeyFile() {
                    return k;
                }

                @Override
                public String certificateHostnames() {
                    return n;
                }
            };
        }
    }
}
