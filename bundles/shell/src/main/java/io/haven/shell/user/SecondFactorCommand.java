package io.haven.shell.user;

import io.haven.api.model.Caller;
import io.haven.api.model.TotpEnrollment;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * The signed-in user's TOTP second factor: shows whether it is on, starts one (printing the secret and the URI for an
 * authenticator app, once), turns it on or off with a current code. A code is used once, so one in the shell history
 * opens nothing.
 */
@Service
@Command(scope = "haven", name = "second-factor", description = "Shows, starts, confirms or turns off your one-time-code second factor")
public class SecondFactorCommand extends HavenCommand {

    @Reference
    UserService users;

    @Argument(index = 0, name = "action", description = "status (default), start, confirm or off")
    @Completion(value = StringsCompleter.class, values = {"status", "start", "confirm", "off"})
    String action = "status";

    @Argument(index = 1, name = "code", description = "The current code of your authenticator app (confirm, off)")
    String code;

    @Override
    protected Object run() {
        Caller caller = ShellUser.signedInCaller(users);
        switch (action) {
            case "status" -> System.out.println("Second factor: " + users.secondFactor(caller.signedIn().id()));
            case "start" -> {
                TotpEnrollment enrollment = users.startSecondFactor(caller);
                System.out.println("Add this to your authenticator app (shown only now):");
                System.out.println("  secret: " + enrollment.secret());
                System.out.println("  URI:    " + enrollment.uri());
                System.out.println("Then turn it on with: haven:second-factor confirm <code>");
            }
            case "confirm" -> {
                users.confirmSecondFactor(caller, required());
                System.out.println("Second factor on: sign in with the password followed by the current code");
            }
            case "off" -> {
                users.turnOffSecondFactor(caller, required());
                System.out.println("Second factor off");
            }
            default -> throw new ValidationException("action", "Unknown action '" + action
                    + "': status, start, confirm or off");
        }
        return null;
    }

    private String required() {
        if (code == null) {
            throw new ValidationException("code", "Give the current code of your authenticator app");
        }
        return code;
    }
}
