package io.haven.tls;

/** A configuration or file problem the administrator must fix; its message says what and where, nothing secret. */
public class TlsConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TlsConfigurationException(String message) {
        super(message);
    }

    public TlsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
