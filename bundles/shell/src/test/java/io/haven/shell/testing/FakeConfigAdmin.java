package io.haven.shell.testing;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Configuration Admin holding only Haven core's configuration, with the given {@code timeZone} (null: none). */
public final class FakeConfigAdmin {

    private FakeConfigAdmin() {
    }

    public static ConfigurationAdmin withTimeZone(String timeZone) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", "io.haven.core");
        if (timeZone != null) {
            properties.put("timeZone", timeZone);
        }
        Configuration core = (Configuration) Proxy.newProxyInstance(Configuration.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> properties;
                    case "getPid" -> "io.haven.core";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listConfigurations")) {
                        return "(service.pid=io.haven.core)".equals(args[0]) ? new Configuration[] {core} : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
