package io.haven.shell.user;

import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Revokes one of the signed-in user's API keys at once, and the keys made with it. */
@Service
@Command(scope = "haven", name = "apikey-revoke", description = "Revokes one of your API keys at once")
public class ApiKeyRevokeCommand extends HavenCommand {

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The key's id, as haven:apikey-list shows it")
    long id;

    @Override
    protected Object run() {
        users.revokeApiKey(ShellUser.signedInCaller(users), id);
        System.out.println("API key " + id + " revoked");
        return null;
    }
}
