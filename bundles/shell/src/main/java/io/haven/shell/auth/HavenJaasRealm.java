package io.haven.shell.auth;

import io.haven.api.service.UserService;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The JAAS realm {@value #NAME}, ranked above Karaf's own: the SSH server (and so {@code bin/client}) and
 * JMX sign users in against Haven's users, with Haven's throttling. Karaf loads the login module from this
 * bundle through its {@link ProxyLoginModule}; the module finds the user service in its options.
 */
@Component(service = JaasRealm.class)
public class HavenJaasRealm implements JaasRealm {

    public static final String NAME = "karaf";
    /** Karaf's own realm of that name has rank 0; the highest rank wins. */
    static final int RANK = 100;

    private final UserService users;
    private final BundleContext context;

    @Activate
    public HavenJaasRealm(@Reference UserService users, BundleContext context) {
        this.users = users;
        this.context = context;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return RANK;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        Map<String, Object> options = Map.of(
                ProxyLoginModule.PROPERTY_MODULE, HavenLoginModule.class.getName(),
                ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()),
                BundleContext.class.getName(), context,
                HavenLoginModule.USER_SERVICE_OPTION, users);
        return new AppConfigurationEntry[] {new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
    }
}
