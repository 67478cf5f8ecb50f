package io.haven.shell.user;

import io.haven.api.model.Caller;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.IdentityProviderService.ServiceProviderCertificate;
import io.haven.api.service.IdentityProviderService.ServiceProviderCertificates;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Haven's SAML key (decision 0048): its certificates shown, rolled over (--roll-over) or the previous retired. */
@Service
@Command(scope = "haven", name = "identity-provider-key", description = "Shows Haven's SAML certificates, rolls its key "
        + "over (--roll-over) or retires the previous key (--retire-previous) (root only)")
public class IdentityProviderKeyCommand extends HavenCommand {

    @Reference
    IdentityProviderService identityProvider;

    @Reference
    UserService users;

    @Option(name = "--roll-over", description = "Make a new key that signs from now on; the current one stays in the "
            + "metadata and decrypts assertions still encrypted for it until --grace-days pass or it is retired")
    boolean rollOver;

    @Option(name = "--grace-days", description = "With --roll-over: days the previous key is kept (1 to 365, default 30)")
    Integer graceDays;

    @Option(name = "--retire-previous", description = "Delete the previous key now: assertions encrypted for it are "
            + "refused from now on")
    boolean retirePrevious;

    @Override
    protected Object run() {
        if (rollOver && retirePrevious) {
            throw new ValidationException("retirePrevious", "Give --roll-over or --retire-previous, not both");
        }
        if (graceDays != null && !rollOver) {
            throw new ValidationException("graceDays", "--grace-days goes with --roll-over");
        }
        Caller caller = ShellUser.caller(users);
        ServiceProviderCertificates certificates = rollOver
                ? identityProvider.rollOverServiceProviderKey(caller, graceDays)
                : retirePrevious ? identityProvider.retirePreviousServiceProviderKey(caller)
                : identityProvider.serviceProviderKeys(caller);
        print("Current key (signs):", certificates.current());
        if (certificates.previous() == null) {
            System.out.println("No previous key is kept.");
        } else {
            print("Previous key (decrypts until " + certificates.previous().keptUntil() + "):", certificates.previous());
        }
        return null;
    }

    private static void print(String title, ServiceProviderCertificate certificate) {
        System.out.println(title);
        System.out.println("  SHA-256:      " + certificate.sha256Fingerprint());
        System.out.println("  Valid until:  " + certificate.validUntil());
        System.out.print(certificate.certificatePem().indent(2));
    }
}
