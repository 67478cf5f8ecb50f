package io.haven.itests;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link StallingProxy} in front of the driver's moto, for accounts whose requests moto would refuse
 * although AWS accepts them (CreateImage with snapshot tags). Started on first use in the driver JVM.
 */
final class DriverProxy {

    private static StallingProxy proxy;

    private DriverProxy() {
    }

    static synchronized StallingProxy get(String motoEndpoint) {
        if (proxy == null) {
            try {
                proxy = new StallingProxy(motoEndpoint);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the proxy in front of moto", e);
            }
        }
        return proxy;
    }
}
