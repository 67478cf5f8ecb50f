package io.haven.core.access;

import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.store.HavenStore;
import io.haven.store.OwnerRepository.Owned;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who sees and does what (guide 16.1): the one place with these rules; every user-facing service asks here.
 *
 * <ul>
 *   <li>A caller's world is what it owns. Root and independent users also see, and act in, the worlds of the
 *       managed users they manage; a managed user sees only its own world. Nobody sees an independent user's
 *       world but that user (root manages the user, not its objects).</li>
 *   <li>An object outside the caller's worlds is reported as not found (404), so its existence is not revealed.
 *       An object named by id in a request (a policy's account or schedules) must belong to the same world as
 *       the object that names it, else it is refused as if it did not exist (400 naming the field).</li>
 *   <li>Root manages every user; an independent user manages the managed users assigned to it; a managed user
 *       manages nobody (403).</li>
 *   <li>A delegate acts in its principal's world ({@link Caller#user()} is the principal): it sees what the
 *       principal sees and makes the changes its permissions allow ({@link #requireAllowed}); it manages no users.</li>
 * </ul>
 */
public class Worlds {

    private final HavenStore store;

    public Worlds(HavenStore store) {
        this.store = store;
    }

    /** The owners whose objects the caller sees: itself and, for root and independent users, those it manages. */
    public Set<Long> visibleOwners(Caller caller) {
        return visibleOwners(caller.user());
    }

    /** The owners whose objects the user sees, for work done on a user's behalf without a request (notifiers). */
    public Set<Long> visibleOwners(User user) {
        Set<Long> owners = new LinkedHashSet<>();
        owners.add(user.id());
        if (user.managesUsers()) {
            owners.addAll(store.users().managedBy(user.id()));
        }
        return owners;
    }

    /**
     * The owner of a visible object.
     *
     * @throws NotFoundException naming {@code what} when the object does not exist or is outside the caller's worlds
     */
    public long require(Caller caller, Owned kind, long id, String what) {
        Long owner = store.owners().ownerOf(kind, id).orElse(null);
        if (owner == null || !visibleOwners(caller).contains(owner)) {
            throw new NotFoundException(what, id);
        }
        return owner;
    }

    /** Whether the caller sees the object; false when it does not exist. */
    public boolean sees(Caller caller, Owned kind, long id) {
        return store.owners().ownerOf(kind, id).map(owner -> visibleOwners(caller).contains(owner)).orElse(false);
    }

    /**
     * Checks an object that a request names by id in one of its fields: it must exist and belong to
     * {@code owner}, the owner of the object being created or changed.
     *
     * @throws ValidationException naming the field, with the same words as for an object that does not exist
     */
    public void requireReference(long owner, Owned kind, Long id, String field, String what) {
        boolean same = id != null && store.owners().ownerOf(kind, id).map(o -> o == owner).orElse(false);
        if (!same) {
            throw new ValidationException(field, what + " " + id + " does not exist");
        }
    }

    long ownerOfBackup(long id) {
        return store.owners().ownerOf(Owned.BACKUP, id).orElse(0L);
    }

    long ownerOfRecovery(long id) {
        return store.owners().ownerOf(Owned.RECOVERY, id).orElse(0L);
    }

    /** The owner of what the caller creates: the caller itself. */
    public long ownerForNew(Caller caller) {
        return caller.user().id();
    }

    /** @throws ForbiddenException when the caller manages no users (a managed user, a delegate) */
    public void requireUserManager(Caller caller) {
        if (caller.delegate() != null) {
            throw new ForbiddenException("Delegates do not manage users");
        }
        if (!caller.user().managesUsers()) {
            throw new ForbiddenException("Managed users cannot manage users");
        }
    }

    /** What a change needs a delegate to be allowed (guide 16.4); users themselves may make every change. */
    public enum Change {
        RECOVERY("start recoveries", "allow recovery"),
        ACCOUNTS("change accounts", "allow account changes"),
        BACKUPS("change policies, schedules, targets or backups", "allow backup changes"),
        /** Notifiers and the alerts key: never a delegate's (guide 16.4: "except for notification settings"). */
        NOTIFICATIONS("change notification settings", null),
        /** Haven's settings (tag scan interval, ...): never a delegate's. */
        SETTINGS("change settings", null),
        /** Users and delegates: never a delegate's ({@link #requireUserManager} says so first). */
        USERS("manage users or delegates", null),
        /** The signed-in user's own password, second factor and API keys: a delegate keeps its own. */
        CREDENTIALS("change its own password, second factor or API keys", "");

        private final String doing;
        private final String permission;

        Change(String doing, String permission) {
            this.doing = doing;
            this.permission = permission;
        }
    }

    /**
     * Checks that the caller may make a change: a user acting itself may; a delegate needs the change's permission,
     * and never changes notification settings or settings; a caller with a read-only API key changes nothing.
     *
     * @throws ForbiddenException naming the permission the delegate lacks, or the read-only key
     */
    public static void requireAllowed(Caller caller, Change change) {
        if (caller.readOnly()) {
            // A read-only key has the rights of a view-only delegate: it reads and monitors, and changes nothing.
            throw new ForbiddenException("The API key '" + caller.key().name() + "' is read-only: it may not "
                    + change.doing);
        }
        var permissions = caller.delegatePermissions();
        if (permissions == null) {
            return;
        }
        boolean allowed = switch (change) {
            case RECOVERY -> permissions.recover();
            case ACCOUNTS -> permissions.changeAccounts();
            case BACKUPS -> permissions.changeBackups();
            case CREDENTIALS -> true;
            case NOTIFICATIONS, SETTINGS, USERS -> false;
        };
        if (!allowed) {
            String who = "Delegate '" + caller.delegate().username() + "' of '" + caller.user().username() + "'";
            throw new ForbiddenException(change.permission == null
                    ? who + " may not " + change.doing + ": delegates never do"
                    : who + " may not " + change.doing + " without the permission '" + change.permission + "'");
        }
    }

    /** Whether the caller manages the user: root manages everyone but itself, an independent user its managed users. */
    public boolean manages(Caller caller, UserProfile user) {
        User me = caller.user();
        if (user.type() == UserType.ROOT) {
            return false;
        }
        return me.root() || (me.type() == UserType.INDEPENDENT && user.type() == UserType.MANAGED
                && Long.valueOf(me.id()).equals(user.managerId()));
    }
}
