package io.haven.core.identity;

import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.User;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ValidationException;
import io.haven.core.access.UserManagement;
import io.haven.store.HavenStore;
import io.haven.store.UserRepository.StoredUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a proven identity is in Haven (guide 17.3, 17.4): exactly one Haven group named {@code cpm_<group>} in the
 * {@code cpm_user_groups} claim gives its user type, limits and delegation, the user's own claims override them, and
 * the user is made at the first sign-in and brought up to date at each one. Root signs in with its password only, and
 * a local user's name is never taken over by the identity provider.
 */
final class FederatedUsers {

    private static final Logger LOG = LoggerFactory.getLogger(FederatedUsers.class);
    /** Stored instead of a password hash: no password matches it, so these users sign in only through the IdP. */
    static final String NO_PASSWORD = "!identity-provider";

    private final HavenStore store;

    FederatedUsers(HavenStore store) {
        this.store = store;
    }

    /** The user the identity signs in as, made or updated. @throws FederatedSignInException when it may not sign in */
    synchronized User signIn(FederatedIdentity identity) {
        UserClaims claims = UserClaims.of(identity);
        String username = name(claims.text("user_name") != null ? claims.text("user_name") : identity.nameId());
        UserGroup group = groupOf(username, identity);
        if (!group.enabled()) {
            throw new FederatedSignInException("User '" + username + "' belongs to the Haven group '" + group.name()
                    + "', which is disabled");
        }
        String email = email(claims.text("user_email"));
        UserType type = claims.type() != null ? claims.type() : group.type();
        Optional<StoredUser> existing = store.users().byUsername(username);
        if (existing.isPresent() && !store.users().fromIdentityProvider(existing.get().user().id())) {
            throw new FederatedSignInException(existing.get().user().root()
                    ? "Root signs in with its password only"
                    : "A local user named '" + username + "' exists; it signs in with its password");
        }
        if (type == UserType.DELEGATE) {
            return delegate(username, email, group, claims, existing);
        }
        ResourceLimits g = group.limits();
        ResourceLimits limits = new ResourceLimits(claims.limit(g.maxAccounts(), "max_accounts"),
                claims.limit(g.maxInstances(), "max_instances"), claims.limit(g.maxEbsGiB(), "max_independent_ebs_gib"),
                claims.limit(g.maxRdsGiB(), "max_rds_gib"),
                claims.limit(g.maxRedshiftClusters(), "max_redshift_clusters", "max_redshift_gib"),
                claims.limit(g.maxDynamoDbGiB(), "max_dynamodb_gib"));
        Long manager = type == UserType.MANAGED ? rootId() : null;
        if (existing.isEmpty()) {
            long id = store.users().insertFromIdentityProvider(username, NO_PASSWORD, type, manager, email, limits, null,
                    null);
            LOG.info("User '{}' ({}) made at its first sign-in with the identity provider, group '{}'", username, type,
                    group.name());
            return store.users().byId(id).orElseThrow().user();
        }
        User user = existing.get().user();
        if (user.type() == UserType.DELEGATE) {
            throw new FederatedSignInException("User '" + username + "' is a delegate in Haven; a delegate's type "
                    + "cannot change");
        }
        if (type != UserType.INDEPENDENT && !store.users().managedBy(user.id()).isEmpty()) {
            throw new FederatedSignInException("User '" + username + "' still manages users in Haven and cannot become "
                    + type.name().toLowerCase(Locale.ROOT) + "; root assigns them to another manager first");
        }
        UserProfile profile = store.users().profile(user.id()).orElseThrow();
        if (type != profile.type() || !limits.equals(profile.limits()) || !java.util.Objects.equals(email, profile.email())
                || !java.util.Objects.equals(manager, profile.managerId())) {
            store.users().update(user.id(), email, type, manager);
            store.users().updateLimits(user.id(), limits);
            LOG.info("User '{}' brought up to date with the identity provider: {}, group '{}'", username, type,
                    group.name());
        }
        return store.users().byId(user.id()).orElseThrow().user();
    }

    private User delegate(String username, String email, UserGroup group, UserClaims claims,
                          Optional<StoredUser> existing) {
        String originalName = claims.text("original_username") != null ? claims.text("original_username")
                : group.originalUsername();
        if (originalName == null) {
            throw new FederatedSignInException("User '" + username + "' is a delegate, but neither its group '"
                    + group.name() + "' nor its original_username claim names the user it is a delegate of");
        }
        User principal = store.users().byUsername(originalName).map(StoredUser::user)
                .filter(u -> u.type() != UserType.DELEGATE)
                .orElseThrow(() -> new FederatedSignInException("User '" + username + "' is a delegate of '"
                        + UserClaims.shortened(originalName) + "', which is no user of Haven (or is a delegate itself)"));
        DelegatePermissions p = group.permissions();
        Boolean recover = claims.yesNo("allow_recovery");
        Boolean accounts = claims.yesNo("allow_account_changes");
        Boolean backups = claims.yesNo("allow_backup_changes");
        DelegatePermissions permissions = new DelegatePermissions(recover != null ? recover : p.recover(),
                accounts != null ? accounts : p.changeAccounts(), backups != null ? backups : p.changeBackups());
        if (existing.isEmpty()) {
            long id = store.users().insertFromIdentityProvider(username, NO_PASSWORD, UserType.DELEGATE, null, email,
                    null, principal.id(), permissions);
            LOG.info("Delegate '{}' of '{}' made at its first sign-in with the identity provider, group '{}'", username,
                    principal.username(), group.name());
            return store.users().byId(id).orElseThrow().user();
        }
        User user = existing.get().user();
        if (user.type() != UserType.DELEGATE || user.delegation().principal().id() != principal.id()) {
            // Guide 17.3: after creation the original user name cannot be modified.
            throw new FederatedSignInException("User '" + username + "' is " + (user.type() == UserType.DELEGATE
                    ? "a delegate of '" + user.delegation().principal().username() + "'" : "no delegate")
                    + " in Haven; that cannot change to a delegate of '" + principal.username() + "'");
        }
        store.users().updateDelegateFromIdentityProvider(user.id(), email, permissions);
        return store.users().byId(user.id()).orElseThrow().user();
    }

    /** The one Haven group among the {@code cpm_user_groups} claim's values. */
    private UserGroup groupOf(String username, FederatedIdentity identity) {
        List<UserGroup> groups = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String value : identity.values(UserClaims.GROUPS)) {
            // One value a group, or several in one value separated by commas or semicolons; Keycloak's full group
            // paths start with a slash.
            for (String raw : value.split("[,;]")) {
                String name = raw.trim();
                name = name.startsWith("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
                if (name.toLowerCase(Locale.ROOT).startsWith(UserGroup.CLAIM_PREFIX)) {
                    store.identityProvider().groupNamed(name.substring(UserGroup.CLAIM_PREFIX.length()))
                            .filter(g -> groups.stream().noneMatch(o -> o.id() == g.id()))
                            .ifPresent(g -> {
                                groups.add(g);
                                names.add(g.name());
                            });
                }
            }
        }
        if (groups.isEmpty()) {
            throw new FederatedSignInException("User '" + username + "' belongs to no Haven group: the "
                    + UserClaims.GROUPS + " claim names none as cpm_<group>");
        }
        if (groups.size() > 1) {
            throw new FederatedSignInException("User '" + username + "' belongs to more than one Haven group: "
                    + String.join(", ", names));
        }
        return groups.get(0);
    }

    private static String name(String name) {
        try {
            return UserManagement.username(name);
        } catch (ValidationException e) {
            throw new FederatedSignInException("The identity provider names the user '" + UserClaims.shortened(
                    String.valueOf(name)) + "': " + e.getMessage());
        }
    }

    private static String email(String email) {
        try {
            return UserManagement.email(email);
        } catch (ValidationException e) {
            throw new FederatedSignInException("user_email: " + e.getMessage());
        }
    }

    private long rootId() {
        return store.users().byUsername("root").map(StoredUser::user).filter(User::root).map(User::id)
                .orElseThrow(() -> new IllegalStateException("Haven has no root user"));
    }
}
