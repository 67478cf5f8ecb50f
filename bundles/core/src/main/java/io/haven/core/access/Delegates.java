package io.haven.core.access;

import io.haven.api.model.Caller;
import io.haven.api.model.Delegate;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.UserProfile;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.access.Worlds.Change;
import io.haven.core.security.LocalPasswordAuthenticator;
import io.haven.core.security.PasswordRules;
import io.haven.store.HavenStore;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delegates (guide 16.4): users of their own sign-in that act in another user's world, with the permissions that
 * {@link Worlds#requireAllowed} checks. A user manages its own delegates; its manager (root, or the independent
 * user of a managed user) manages them too. Delegates manage nothing.
 */
public class Delegates {

    private static final Logger LOG = LoggerFactory.getLogger(Delegates.class);

    private final HavenStore store;
    private final LocalPasswordAuthenticator local;
    private final PasswordRules rules;
    private final Worlds worlds;
    private final Runnable forgetSignIns;
    private final LongConsumer credentialsChanged;

    /**
     * @param forgetSignIns      empties the cache of remembered sign-ins, which holds users as they were
     * @param credentialsChanged ends what a user's old credentials opened (sessions, remembered sign-ins)
     */
    public Delegates(HavenStore store, LocalPasswordAuthenticator local, PasswordRules rules, Runnable forgetSignIns,
                     LongConsumer credentialsChanged) {
        this.store = store;
        this.local = local;
        this.rules = rules;
        this.worlds = new Worlds(store);
        this.forgetSignIns = forgetSignIns;
        this.credentialsChanged = credentialsChanged;
    }

    public List<Delegate> of(Caller caller, long userId) {
        return store.users().delegatesOf(principal(caller, userId).id());
    }

    public synchronized Delegate create(Caller caller, long userId, DelegateDraft draft) {
        UserProfile principal = principal(caller, userId);
        Worlds.requireAllowed(caller, Change.USERS);
        if (draft == null) {
            throw new ValidationException("body", "A delegate is required");
        }
        String username = UserManagement.username(draft.username());
        String email = UserManagement.email(draft.email());
        rules.check("password", username, draft.password());
        if (store.users().byUsername(username).isPresent()) {
            throw new ConflictException("A user named '" + username + "' already exists");
        }
        DelegatePermissions permissions = draft.permissions() == null ? DelegatePermissions.VIEW_ONLY : draft.permissions();
        long id = local.createDelegate(username, draft.password(), email, principal.id(), permissions);
        LOG.info("Delegate '{}' of '{}' created by '{}' with {}", username, principal.username(),
                caller.user().username(), permissions);
        return store.users().delegate(id).orElseThrow();
    }

    public synchronized Delegate update(Caller caller, long delegateId, DelegatePermissions permissions) {
        Delegate delegate = managed(caller, delegateId);
        Worlds.requireAllowed(caller, Change.USERS);
        if (permissions == null) {
            throw new ValidationException("body", "The permissions are required");
        }
        store.users().updateDelegate(delegateId, permissions);
        // Sessions re-read their user on every request; remembered sign-ins hold the user as it was.
        forgetSignIns.run();
        LOG.info("Delegate '{}' now has {} (set by '{}')", delegate.username(), permissions, caller.user().username());
        return store.users().delegate(delegateId).orElseThrow();
    }

    public void resetPassword(Caller caller, long delegateId, char[] password) {
        Delegate delegate = managed(caller, delegateId);
        Worlds.requireAllowed(caller, Change.USERS);
        rules.check("newPassword", delegate.username(), password);
        local.setPassword(delegateId, password);
        credentialsChanged.accept(delegateId);
        LOG.info("Password of delegate '{}' reset by '{}'", delegate.username(), caller.user().username());
    }

    public synchronized void delete(Caller caller, long delegateId) {
        Delegate delegate = managed(caller, delegateId);
        Worlds.requireAllowed(caller, Change.USERS);
        store.users().deleteDelegate(delegateId);
        credentialsChanged.accept(delegateId);
        LOG.info("Delegate '{}' deleted by '{}'", delegate.username(), caller.user().username());
    }

    /** The user whose delegates the caller manages: itself, or a user it manages. */
    private UserProfile principal(Caller caller, long userId) {
        if (caller.delegate() != null) {
            throw new ForbiddenException("Delegates do not manage delegates");
        }
        return store.users().profile(userId).filter(u -> u.id() == caller.user().id() || worlds.manages(caller, u))
                .orElseThrow(() -> new NotFoundException("User", userId));
    }

    private Delegate managed(Caller caller, long delegateId) {
        Delegate delegate = store.users().delegate(delegateId).orElseThrow(() -> new NotFoundException("Delegate", delegateId));
        try {
            principal(caller, delegate.principalId());
        } catch (NotFoundException unseen) {
            throw new NotFoundException("Delegate", delegateId);
        }
        return delegate;
    }
}
