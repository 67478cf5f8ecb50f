package io.haven.core.access;

import io.haven.api.model.Caller;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.UserChange;
import io.haven.api.model.UserDeleted;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.access.Worlds.Change;
import io.haven.core.security.LocalPasswordAuthenticator;
import io.haven.core.security.PasswordRules;
import io.haven.store.HavenStore;
import io.haven.store.OwnerRepository.Removed;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User management (guide 16.2): root creates, changes, resets and deletes any user; an independent user does
 * so for the managed users assigned to it. Who may do what is {@link Worlds}'s rule.
 */
public class UserManagement {

    private static final Logger LOG = LoggerFactory.getLogger(UserManagement.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

    private final HavenStore store;
    private final LocalPasswordAuthenticator local;
    private final PasswordRules rules;
    private final Worlds worlds;
    private final Runnable forgetSignIns;

    /** @param forgetSignIns empties the cache of remembered sign-ins, so that a change applies at once */
    public UserManagement(HavenStore store, LocalPasswordAuthenticator local, PasswordRules rules, Runnable forgetSignIns) {
        this.store = store;
        this.local = local;
        this.rules = rules;
        this.worlds = new Worlds(store);
        this.forgetSignIns = forgetSignIns;
    }

    public List<UserProfile> users(Caller caller) {
        worlds.requireUserManager(caller);
        return store.users().profiles().stream()
                .filter(u -> u.id() == caller.user().id() || worlds.manages(caller, u)).toList();
    }

    public UserProfile user(Caller caller, long id) {
        UserProfile user = store.users().profile(id).orElseThrow(() -> new NotFoundException("User", id));
        if (id != caller.user().id() && !worlds.manages(caller, user)) {
            throw new NotFoundException("User", id);
        }
        return user;
    }

    public synchronized UserProfile create(Caller caller, UserDraft draft) {
        worlds.requireUserManager(caller);
        Worlds.requireAllowed(caller, Change.USERS);
        if (draft == null) {
            throw new ValidationException("body", "A user is required");
        }
        String username = username(draft.username());
        String email = email(draft.email());
        UserType type = draft.type();
        if (type == null || type == UserType.ROOT) {
            throw new ValidationException("type", "Choose INDEPENDENT or MANAGED");
        }
        Long manager = manager(caller, type, draft.managerId());
        ResourceLimits limits = limits(caller, draft.limits(), ResourceLimits.UNLIMITED);
        rules.check("password", username, draft.password());
        if (store.users().byUsername(username).isPresent()) {
            throw new ConflictException("A user named '" + username + "' already exists");
        }
        long id = local.createUser(username, draft.password(), type, manager, email, limits);
        LOG.info("User '{}' ({}) created by '{}'", username, type, caller.user().username());
        return store.users().profile(id).orElseThrow();
    }

    public synchronized UserProfile update(Caller caller, long id, UserChange change) {
        worlds.requireUserManager(caller);
        UserProfile current = managed(caller, id);
        Worlds.requireAllowed(caller, Change.USERS);
        if (change == null) {
            throw new ValidationException("body", "Say what to change");
        }
        if (store.users().fromIdentityProvider(id)) {
            // Guide 16.3: users made through the identity provider cannot be edited, only deleted; their group and
            // claims set them at each sign-in.
            throw new ConflictException("User '" + current.username() + "' comes from the identity provider: change "
                    + "its group or claims there, or delete it");
        }
        String email = change.email() == null ? current.email() : email(change.email());
        UserType type = change.type() == null ? current.type() : change.type();
        if (type == UserType.ROOT) {
            throw new ValidationException("type", "Choose INDEPENDENT or MANAGED");
        }
        if (type != current.type() && !caller.user().root()) {
            throw new ForbiddenException("Only root changes the type of a user");
        }
        Long manager = type == UserType.MANAGED
                ? manager(caller, type, change.managerId() != null ? change.managerId()
                        : current.type() == UserType.MANAGED ? current.managerId() : null)
                : null;
        ResourceLimits limits = limits(caller, change.limits(), current.limits());
        if (type != UserType.INDEPENDENT && !store.users().managedBy(id).isEmpty()) {
            throw new ConflictException("User " + id + " still manages users; assign them to another manager first");
        }
        store.users().update(id, email, type, manager);
        if (!limits.equals(current.limits())) {
            store.users().updateLimits(id, limits);
            LOG.info("Resource limits of user {} set to {} by '{}'", id, limits, caller.user().username());
        }
        forgetSignIns.run();
        LOG.info("User {} changed by '{}'", id, caller.user().username());
        return store.users().profile(id).orElseThrow();
    }

    /** The user, when the caller manages it: for a change only a user's manager makes. */
    public UserProfile requireManaged(Caller caller, long id) {
        worlds.requireUserManager(caller);
        UserProfile user = managed(caller, id);
        Worlds.requireAllowed(caller, Change.USERS);
        return user;
    }

    public void resetPassword(Caller caller, long id, char[] password) {
        worlds.requireUserManager(caller);
        UserProfile user = managed(caller, id);
        Worlds.requireAllowed(caller, Change.USERS);
        if (store.users().fromIdentityProvider(id)) {
            throw new ConflictException("User '" + user.username() + "' signs in with the identity provider and has no "
                    + "password in Haven");
        }
        rules.check("newPassword", user.username(), password);
        local.setPassword(id, password);
        forgetSignIns.run();
        LOG.info("Password of user '{}' reset by '{}'", user.username(), caller.user().username());
    }

    public synchronized UserDeleted delete(Caller caller, long id) {
        worlds.requireUserManager(caller);
        UserProfile user = managed(caller, id);
        Worlds.requireAllowed(caller, Change.USERS);
        if (!store.users().managedBy(id).isEmpty()) {
            throw new ConflictException("User '" + user.username() + "' still manages users; delete them or assign "
                    + "them to another manager first");
        }
        if (store.backups().inProgress().stream().anyMatch(b -> worlds.ownerOfBackup(b.id()) == id)
                || store.recoveries().inProgress().stream().anyMatch(r -> worlds.ownerOfRecovery(r.id()) == id)) {
            throw new ConflictException("A backup or recovery of user '" + user.username() + "' is in progress; "
                    + "delete the user once it has ended");
        }
        Removed removed = store.owners().deleteUserWithData(id, UserDeleted.MAX_LISTED)
                .orElseThrow(() -> new NotFoundException("User", id));
        forgetSignIns.run();
        LOG.info("User '{}' deleted by '{}' with {} accounts, {} schedules, {} policies, {} backups, {} recoveries and "
                        + "{} alerts; {} artifacts left in AWS", user.username(), caller.user().username(),
                removed.accounts(), removed.schedules(), removed.policies(), removed.backups(), removed.recoveries(),
                removed.alerts(), removed.artifactsLeftTotal());
        removed.artifactsLeft().forEach(a -> LOG.info("Left in AWS by the deletion of user '{}': {} {} in {} of AWS "
                + "account {}", user.username(), a.kind(), a.awsId(), a.region(), a.awsAccountId()));
        return new UserDeleted(id, user.username(), removed.accounts(), removed.schedules(), removed.policies(),
                removed.backups(), removed.recoveries(), removed.alerts(), removed.artifactsLeftTotal(),
                removed.artifactsLeft());
    }

    /** A user the caller manages. @throws NotFoundException otherwise, so that other users stay unseen */
    private UserProfile managed(Caller caller, long id) {
        return store.users().profile(id).filter(u -> worlds.manages(caller, u))
                .orElseThrow(() -> new NotFoundException("User", id));
    }

    /** The manager of a new or changed user: root or an independent user; an independent caller only itself. */
    private Long manager(Caller caller, UserType type, Long requested) {
        if (type != UserType.MANAGED) {
            if (!caller.user().root()) {
                throw new ForbiddenException("Only root creates independent users");
            }
            if (requested != null) {
                throw new ValidationException("managerId", "Only managed users have a manager");
            }
            return null;
        }
        long manager = requested == null ? caller.user().id() : requested;
        if (!caller.user().root() && manager != caller.user().id()) {
            throw new ValidationException("managerId", "User " + requested + " does not exist");
        }
        UserProfile profile = store.users().profile(manager)
                .orElseThrow(() -> new ValidationException("managerId", "User " + requested + " does not exist"));
        if (profile.type() == UserType.MANAGED) {
            throw new ValidationException("managerId", "A manager is root or an independent user");
        }
        return manager;
    }

    /** A new user's name. @throws ValidationException naming {@code username} */
    public static String username(String username) {
        // A user's name is also its scripts' sub-folder (guide 7), so names of dots only, which would name the
        // scripts folder itself or its parent, are refused.
        if (username == null || !USERNAME.matcher(username).matches() || username.chars().allMatch(c -> c == '.')) {
            throw new ValidationException("username", "A user name is 1 to 100 letters, digits and . _ @ -, not only dots");
        }
        return username;
    }

    /** The largest resource limit that can be set: far beyond any account, and safe to add up. */
    public static final long MAX_LIMIT = 1_000_000_000L;

    /**
     * The limits a user will have (guide 16.2): only root sets them; null keeps {@code current}. Each limit is empty
     * (no limit) or a whole number from 0 to {@link #MAX_LIMIT}.
     */
    private static ResourceLimits limits(Caller caller, ResourceLimits requested, ResourceLimits current) {
        if (requested == null || requested.equals(current)) {
            return current;
        }
        if (!caller.user().root()) {
            throw new ForbiddenException("Only root sets resource limits");
        }
        limit("maxAccounts", requested.maxAccounts());
        limit("maxInstances", requested.maxInstances());
        limit("maxEbsGiB", requested.maxEbsGiB());
        limit("maxRdsGiB", requested.maxRdsGiB());
        limit("maxRedshiftClusters", requested.maxRedshiftClusters());
        limit("maxDynamoDbGiB", requested.maxDynamoDbGiB());
        return requested;
    }

    private static void limit(String name, Long value) {
        if (value != null && (value < 0 || value > MAX_LIMIT)) {
            throw new ValidationException("limits." + name, "A limit is empty (no limit) or a whole number from 0 to "
                    + MAX_LIMIT + ", not " + value);
        }
    }

    /** Null for none; otherwise taken exactly as given (no trimming), as the API document describes it. */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new ValidationException("email", "Not an email address (name@domain, without spaces)");
        }
        return email;
    }
}
