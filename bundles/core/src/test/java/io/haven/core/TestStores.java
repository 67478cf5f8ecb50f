package io.haven.core;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.target.CloudContext;
import io.haven.store.HavenStore;
import io.haven.testing.store.FreshDerby;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A fresh in-memory Derby store per test, and a stand-in cloud context. */
public final class TestStores {

    private TestStores() {
    }

    /** Root, the first user of a {@link #fresh()} store. */
    public static final Caller ROOT = Caller.of(new User(1, "root", UserType.ROOT, null));

    /** A fresh store with root as its first user (id 1). */
    public static HavenStore fresh() {
        HavenStore store = empty();
        long root = store.users().insert("root", "$argon2id$unused", true);
        if (root != ROOT.user().id()) {
            throw new IllegalStateException("root got id " + root);
        }
        return store;
    }

    /** A fresh store without any user. */
    public static HavenStore empty() {
        return FreshDerby.store();
    }

    public static long account(HavenStore store) {
        return store.accounts().insert(new Account(0, "acc-" + UUID.randomUUID(), AuthMethod.INSTANCE_ROLE,
                "123456789012", null, null, null, null, null, null, Instant.now()), null).id();
    }

    public static long policy(HavenStore store, String name, int generations, int retries) {
        long id = store.policies().insert(new PolicySpec(name, account(store), null, true, generations, List.of(),
                retries, 0));
        return id;
    }

    /** A policy with every option given; targets are added by the caller. */
    public static long policy(HavenStore store, String name, int generations, int retries, TargetRemoval removal,
                              SuccessCriterion criterion, int failuresToAlert, ScriptSettings scripts) {
        return store.policies().insert(new PolicySpec(name, account(store), null, true, generations, List.of(),
                retries, 0, removal, criterion, failuresToAlert, scripts));
    }

    public static CloudContext context(String region) {
        return new CloudContext() {
            @Override
            public String awsAccountId() {
                return "123456789012";
            }

            @Override
            public String region() {
                return region;
            }

            @Override
            public <C> C client(Class<C> clientType) {
                throw new UnsupportedOperationException("the fake target type needs no client");
            }
        };
    }
}
