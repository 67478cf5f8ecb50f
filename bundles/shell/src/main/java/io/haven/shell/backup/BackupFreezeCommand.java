package io.haven.shell.backup;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Backup;
import io.haven.api.service.BackupService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Moves a backup to the freezer (guide 8.3): kept until deleted explicitly, even without its policy. */
@Service
@Command(scope = "haven", name = "backup-freeze", description = "Moves a backup to the freezer, or renames it there")
public class BackupFreezeCommand extends HavenCommand {

    @Reference
    BackupService backups;

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", description = "The backup's id", required = true)
    long id;

    @Argument(index = 1, name = "name", description = "A name no other frozen backup has", required = true)
    String name;

    @Option(name = "--description", description = "Why it is kept; searchable with backup-list --search")
    String description;

    @Override
    protected Object run() {
        Backup frozen = backups.freeze(ShellUser.caller(users), id, name, description);
        System.out.println("Backup " + frozen.id() + " is in the freezer as '" + frozen.frozen().name() + "'");
        return null;
    }
}
