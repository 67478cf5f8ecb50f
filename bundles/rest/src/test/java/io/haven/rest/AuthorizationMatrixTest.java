package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Caller;
import io.haven.api.model.Frequency;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.model.User;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.target.TargetSpec;
import io.haven.aws.AwsClients;
import io.haven.core.account.AccountCredentials;
import io.haven.core.account.AccountServiceImpl;
import io.haven.core.backup.AlertServiceImpl;
import io.haven.core.backup.BackupServiceImpl;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.notify.Deliveries;
import io.haven.core.notify.NotifierConfigs;
import io.haven.core.permission.PermissionCheckServiceImpl;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.core.recovery.RecoveryRegistry;
import io.haven.core.recovery.RecoveryServiceImpl;
import io.haven.core.schedule.ScheduleServiceImpl;
import io.haven.core.security.LocalPasswordAuthenticator;
import io.haven.core.security.PasswordHasher;
import io.haven.core.security.SecretCipher;
import io.haven.core.security.SessionServiceImpl;
import io.haven.core.security.UserServiceImpl;
import io.haven.rest.testing.InMemoryApi;
import io.haven.testing.store.FreshDerby;
import io.haven.store.HavenStore;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the OpenAPI document, called by every kind of caller, through the REST layer and the real
 * core services over an in-memory store: the status each gets is the one the rules of guide 16.1 give, and no
 * caller gets a 2xx it should not. The objects addressed belong to Carol, a managed user of the independent user
 * Bob; Dave is another independent user. A new operation without a rule here fails the test.
 */
class AuthorizationMatrixTest {

    /**
     * The callers; Carol's viewer and deputy are her delegates (guide 16.4), with no and with every permission. The
     * keys made with a key (issue 9) are made through {@code POST /api-keys} with that key: the viewer's second key,
     * read-only keys of root, Bob and Carol, and a key made with Bob's read-only key without saying read-only.
     */
    enum Who { ANONYMOUS, ROOT, MANAGER_BOB, MANAGED_CAROL, OTHER_DAVE, CAROLS_VIEWER, CAROLS_DEPUTY, EXPIRED_KEY, REVOKED_KEY,
        KEY_MADE_BY_VIEWERS_KEY, ROOTS_READ_ONLY_KEY, BOBS_READ_ONLY_KEY, CAROLS_READ_ONLY_KEY, KEY_MADE_BY_BOBS_READ_ONLY_KEY }

    private static final Set<Who> DELEGATES = EnumSet.of(Who.CAROLS_VIEWER, Who.CAROLS_DEPUTY);

    /** Keys made with another caller's key: they have exactly that caller's rights, never its principal's. */
    private static final Map<Who, Who> MADE_WITH = Map.of(Who.KEY_MADE_BY_VIEWERS_KEY, Who.CAROLS_VIEWER,
            Who.KEY_MADE_BY_BOBS_READ_ONLY_KEY, Who.BOBS_READ_ONLY_KEY);

    /** Read-only keys, and whose they are: they read what their user reads and change nothing. */
    private static final Map<Who, Who> READ_ONLY = Map.of(Who.ROOTS_READ_ONLY_KEY, Who.ROOT,
            Who.BOBS_READ_ONLY_KEY, Who.MANAGER_BOB, Who.CAROLS_READ_ONLY_KEY, Who.MANAGED_CAROL);

    /**
     * What a read-only key may still do besides reading (GET): monitoring as a view-only delegate does (alerts), asking
     * what a schedule or the permission check would say, testing the identity provider's settings, signing out, and
     * making keys, which are then read-only.
     */
    private static final Set<String> READ_ONLY_MAY = Set.of("POST /schedule-preview", "DELETE /session",
            "POST /alerts/{id}/acknowledge", "DELETE /alerts/{id}", "POST /accounts/{id}/permission-check",
            "POST /identity-provider/test", "POST /api-keys");

    /**
     * The changes that a delegate needs a permission for ("never": no delegate makes them). Everything else a delegate
     * may do exactly when Carol may: read and monitor in her world, and keep its own credentials.
     */
    private static final Map<String, String> DELEGATE_NEEDS = new java.util.HashMap<>();

    static {
        for (String op : List.of("POST /accounts", "PUT /accounts/{id}", "DELETE /accounts/{id}",
                "PUT /accounts/{id}/scan-resources", "PUT /accounts/{id}/allow-deleting-snapshots")) {
            DELEGATE_NEEDS.put(op, "changeAccounts");
        }
        for (String op : List.of("POST /schedules", "PUT /schedules/{id}", "DELETE /schedules/{id}", "POST /policies",
                "PUT /policies/{id}", "DELETE /policies/{id}", "POST /policies/{id}/targets", "POST /policies/{id}/target-batch",
                "PUT /policies/{id}/targets/{targetId}", "DELETE /policies/{id}/targets/{targetId}", "POST /policies/{id}/run", "DELETE /backups/{id}",
                "POST /backups/{id}/freeze")) {
            DELEGATE_NEEDS.put(op, "changeBackups");
        }
        DELEGATE_NEEDS.put("POST /backups/{id}/recovery", "recover");
        for (String op : List.of("POST /alerts-key", "DELETE /alerts-key", "POST /notifiers", "PUT /notifiers/{id}",
                "DELETE /notifiers/{id}", "POST /notifiers/{id}/test")) {
            DELEGATE_NEEDS.put(op, "never");
        }
    }

    /** What a caller is expected to get. */
    enum Outcome {
        /** Done, or refused for its content (400, 409): anything but 401, 403, 404 and 5xx. */
        ALLOWED,
        UNAUTHENTICATED, FORBIDDEN, HIDDEN,
        /**
         * 403 or 404: a read-only key's change to what its user does not see. Either reveals nothing, since a
         * read-only key is refused every change whatever the id names.
         */
        REFUSED
    }

    private static final String SCHEDULE = "{'name':'s2','every':1,'unit':'DAYS','start':'2026-01-01T01:00:00Z'}";
    private static final String PASSWORD = "a long enough password 1";

    private static final Set<Who> SIGNED_IN = EnumSet.of(Who.ROOT, Who.MANAGER_BOB, Who.MANAGED_CAROL, Who.OTHER_DAVE,
            Who.CAROLS_VIEWER, Who.CAROLS_DEPUTY, Who.KEY_MADE_BY_VIEWERS_KEY, Who.ROOTS_READ_ONLY_KEY,
            Who.BOBS_READ_ONLY_KEY, Who.CAROLS_READ_ONLY_KEY, Who.KEY_MADE_BY_BOBS_READ_ONLY_KEY);

    /** Whether a caller sees Carol's world: herself, her manager, her delegates and the keys of all of them. */
    private static boolean seesCarol(Who who) {
        Who as = MADE_WITH.getOrDefault(who, who);
        as = READ_ONLY.getOrDefault(as, as);
        return as == Who.MANAGED_CAROL || as == Who.MANAGER_BOB || DELEGATES.contains(as);
    }

    /** Carol's world: her objects are seen and changed by her and Bob, by nobody else. */
    private static Outcome carolsWorld(Who who) {
        return who == Who.MANAGED_CAROL || who == Who.MANAGER_BOB ? Outcome.ALLOWED : Outcome.HIDDEN;
    }

    /** Anything of one's own: every signed-in user. */
    private static Outcome own(Who who) {
        return Outcome.ALLOWED;
    }

    /** Managing Carol as a user: root and Bob; Carol manages nobody; Dave does not see her. */
    private static Outcome managingCarol(Who who) {
        return switch (who) {
            case ROOT, MANAGER_BOB -> Outcome.ALLOWED;
            case MANAGED_CAROL -> Outcome.FORBIDDEN;
            default -> Outcome.HIDDEN;
        };
    }

    /** Listing and creating users: anyone but a managed user. */
    private static Outcome userManagers(Who who) {
        return who == Who.MANAGED_CAROL ? Outcome.FORBIDDEN : Outcome.ALLOWED;
    }

    /** What is Carol's alone (API keys, notifiers): for anyone else it does not exist. */
    private static Outcome carolsOwn(Who who) {
        return who == Who.MANAGED_CAROL ? Outcome.ALLOWED : Outcome.HIDDEN;
    }

    /** Carol's delegates: managed by her and whoever manages her; Dave does not see her; delegates manage none. */
    private static Outcome carolsDelegates(Who who) {
        return switch (who) {
            case ROOT, MANAGER_BOB, MANAGED_CAROL -> Outcome.ALLOWED;
            case CAROLS_VIEWER, CAROLS_DEPUTY -> Outcome.FORBIDDEN;
            default -> Outcome.HIDDEN;
        };
    }

    /** Root's alone (tag scanning, guide 13): everyone else is refused. */
    private static Outcome rootOnly(Who who) {
        return who == Who.ROOT ? Outcome.ALLOWED : Outcome.FORBIDDEN;
    }

    /** Anyone, signed in or not (the console's sign-in page asks it): never refused. */
    private static Outcome anyone(Who who) {
        return Outcome.ALLOWED;
    }

    /** Operations that anyone may call without signing in. */
    private static final Set<String> PUBLIC_OPERATIONS = Set.of("GET /session/identity-provider");

    /** A rule: the request's path and body from the world's ids, and the outcome per signed-in caller. */
    record Rule(Function<World, String> path, String body, Function<Who, Outcome> outcome) {
    }

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    private static void rule(String operation, Function<World, String> path, String body, Function<Who, Outcome> outcome) {
        RULES.put(operation, new Rule(path, body, outcome));
    }

    static {
        rule("GET /target-types", w -> "target-types", null, AuthorizationMatrixTest::own);
        rule("GET /accounts", w -> "accounts", null, AuthorizationMatrixTest::own);
        rule("POST /accounts", w -> "accounts", "{'name':'x','authMethod':'ASSUME_ROLE','viaAccountId':" + "%account%"
                + ",'roleAccountNumber':'123456789012','roleName':'r'}", AuthorizationMatrixTest::own);
        rule("GET /accounts/{id}", w -> "accounts/" + w.account, null, AuthorizationMatrixTest::carolsWorld);
        rule("PUT /accounts/{id}", w -> "accounts/" + w.account, "{'name':'renamed-%account%'}",
                AuthorizationMatrixTest::carolsWorld);
        rule("DELETE /accounts/{id}", w -> "accounts/" + w.account, null, AuthorizationMatrixTest::carolsWorld);
        rule("GET /accounts/{id}/resources", w -> "accounts/" + w.account + "/resources", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("POST /accounts/{id}/permission-check", w -> "accounts/" + w.account + "/permission-check", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /audit", w -> "audit", null, AuthorizationMatrixTest::own);
        rule("GET /dashboard", w -> "dashboard", null, AuthorizationMatrixTest::own);
        rule("PUT /accounts/{id}/scan-resources", w -> "accounts/" + w.account + "/scan-resources",
                "{'scanResources':true}", AuthorizationMatrixTest::carolsWorld);
        rule("PUT /accounts/{id}/allow-deleting-snapshots", w -> "accounts/" + w.account + "/allow-deleting-snapshots",
                "{'allowDeletingSnapshots':true}", AuthorizationMatrixTest::carolsWorld);
        rule("POST /tag-scans", w -> "tag-scans", null, AuthorizationMatrixTest::rootOnly);
        rule("GET /tag-scans/last", w -> "tag-scans/last", null, AuthorizationMatrixTest::rootOnly);
        rule("GET /tag-scan-settings", w -> "tag-scan-settings", null, AuthorizationMatrixTest::rootOnly);
        rule("PUT /tag-scan-settings", w -> "tag-scan-settings", "{'enabled':false,'intervalHours':24}",
                AuthorizationMatrixTest::rootOnly);
        rule("GET /identity-provider", w -> "identity-provider", null, AuthorizationMatrixTest::rootOnly);
        rule("PUT /identity-provider", w -> "identity-provider", "{'enabled':false}", AuthorizationMatrixTest::rootOnly);
        rule("POST /identity-provider/test", w -> "identity-provider/test", null, AuthorizationMatrixTest::rootOnly);
        rule("GET /identity-provider/keys", w -> "identity-provider/keys", null, AuthorizationMatrixTest::rootOnly);
        rule("POST /identity-provider/keys/roll-over", w -> "identity-provider/keys/roll-over", "{'graceDays':7}",
                AuthorizationMatrixTest::rootOnly);
        rule("POST /identity-provider/keys/retire-previous", w -> "identity-provider/keys/retire-previous", null,
                AuthorizationMatrixTest::rootOnly);
        rule("GET /user-groups", w -> "user-groups", null, AuthorizationMatrixTest::rootOnly);
        rule("POST /user-groups", w -> "user-groups", "{'name':'newgroup','type':'MANAGED'}", AuthorizationMatrixTest::rootOnly);
        rule("GET /user-groups/{id}", w -> "user-groups/" + w.group, null, AuthorizationMatrixTest::rootOnly);
        rule("PUT /user-groups/{id}", w -> "user-groups/" + w.group, "{'enabled':true}", AuthorizationMatrixTest::rootOnly);
        rule("DELETE /user-groups/{id}", w -> "user-groups/" + w.group, null, AuthorizationMatrixTest::rootOnly);
        rule("GET /session/identity-provider", w -> "session/identity-provider", null, AuthorizationMatrixTest::anyone);
        rule("GET /session", w -> "session", null, AuthorizationMatrixTest::own);
        rule("DELETE /session", w -> "session", null, AuthorizationMatrixTest::own);
        rule("POST /schedule-preview", w -> "schedule-preview", SCHEDULE, AuthorizationMatrixTest::own);
        rule("GET /schedules", w -> "schedules", null, AuthorizationMatrixTest::own);
        rule("POST /schedules", w -> "schedules", SCHEDULE, AuthorizationMatrixTest::own);
        rule("GET /schedules/{id}", w -> "schedules/" + w.schedule, null, AuthorizationMatrixTest::carolsWorld);
        rule("PUT /schedules/{id}", w -> "schedules/" + w.schedule, SCHEDULE, AuthorizationMatrixTest::carolsWorld);
        rule("DELETE /schedules/{id}", w -> "schedules/" + w.schedule, null, AuthorizationMatrixTest::carolsWorld);
        rule("GET /schedules/{id}/next-runs", w -> "schedules/" + w.schedule + "/next-runs", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /policies", w -> "policies", null, AuthorizationMatrixTest::own);
        rule("POST /policies", w -> "policies", "{'name':'p2','accountId':%account%,'generations':3}",
                AuthorizationMatrixTest::own);
        rule("GET /policies/{id}", w -> "policies/" + w.policy, null, AuthorizationMatrixTest::carolsWorld);
        rule("PUT /policies/{id}", w -> "policies/" + w.policy, "{'name':'p','accountId':%account%,'generations':4}",
                AuthorizationMatrixTest::carolsWorld);
        rule("DELETE /policies/{id}", w -> "policies/" + w.policy + "?deleteBackups=true", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /policies/{id}/targets", w -> "policies/" + w.policy + "/targets", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("POST /policies/{id}/targets", w -> "policies/" + w.policy + "/targets",
                "{'type':'ebs-volume','region':'us-east-1','resourceId':'vol-2'}", AuthorizationMatrixTest::carolsWorld);
        rule("POST /policies/{id}/target-batch", w -> "policies/" + w.policy + "/target-batch",
                "{'targets':[{'type':'ebs-volume','region':'us-east-1','resourceId':'vol-3'}]}", AuthorizationMatrixTest::carolsWorld);
        rule("GET /policies/{id}/targets/{targetId}", w -> "policies/" + w.policy + "/targets/" + w.target, null,
                AuthorizationMatrixTest::carolsWorld);
        // No target type is installed here: whoever may change Carol's policy gets as far as the type (409)
        rule("PUT /policies/{id}/targets/{targetId}", w -> "policies/" + w.policy + "/targets/" + w.target,
                "{'options':{}}", AuthorizationMatrixTest::carolsWorld);
        rule("DELETE /policies/{id}/targets/{targetId}", w -> "policies/" + w.policy + "/targets/" + w.target, null,
                AuthorizationMatrixTest::carolsWorld);
        rule("POST /policies/{id}/run", w -> "policies/" + w.policy + "/run", null, AuthorizationMatrixTest::carolsWorld);
        rule("GET /backups", w -> "backups", null, AuthorizationMatrixTest::own);
        rule("GET /backups/{id}", w -> "backups/" + w.backup, null, AuthorizationMatrixTest::carolsWorld);
        rule("DELETE /backups/{id}", w -> "backups/" + w.backup, null, AuthorizationMatrixTest::carolsWorld);
        rule("GET /backups/{id}/snapshots", w -> "backups/" + w.backup + "/snapshots", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /backups/{id}/dr-copies", w -> "backups/" + w.backup + "/dr-copies", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /backups/{id}/log", w -> "backups/" + w.backup + "/log", null, AuthorizationMatrixTest::carolsWorld);
        rule("GET /backups/{id}/scripts", w -> "backups/" + w.backup + "/scripts", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("POST /backups/{id}/freeze", w -> "backups/" + w.backup + "/freeze", "{'name':'keep'}",
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /backups/{id}/recovery", w -> "backups/" + w.backup + "/recovery", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("POST /backups/{id}/recovery", w -> "backups/" + w.backup + "/recovery", "{'key':'vol-1'}",
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /backups/{id}/recovery/{key}/image", w -> "backups/" + w.backup + "/recovery/i-1/image", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /backups/{id}/recovery/{key}/images", w -> "backups/" + w.backup + "/recovery/i-1/images", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /recoveries", w -> "recoveries", null, AuthorizationMatrixTest::own);
        rule("GET /recoveries/{id}", w -> "recoveries/" + w.recovery, null, AuthorizationMatrixTest::carolsWorld);
        rule("GET /recoveries/{id}/resources", w -> "recoveries/" + w.recovery + "/resources", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /recoveries/{id}/log", w -> "recoveries/" + w.recovery + "/log", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /alerts", w -> "alerts", null, AuthorizationMatrixTest::own);
        rule("GET /alerts/{id}", w -> "alerts/" + w.alert, null, AuthorizationMatrixTest::carolsWorld);
        rule("POST /alerts/{id}/acknowledge", w -> "alerts/" + w.alert + "/acknowledge", null,
                AuthorizationMatrixTest::carolsWorld);
        rule("DELETE /alerts/{id}", w -> "alerts/" + w.alert, null, AuthorizationMatrixTest::carolsWorld);
        rule("GET /alerts-key", w -> "alerts-key", null, AuthorizationMatrixTest::own);
        rule("POST /alerts-key", w -> "alerts-key", null, AuthorizationMatrixTest::own);
        rule("DELETE /alerts-key", w -> "alerts-key", null, AuthorizationMatrixTest::own);
        rule("GET /notifier-types", w -> "notifier-types", null, AuthorizationMatrixTest::own);
        rule("GET /notifiers", w -> "notifiers", null, AuthorizationMatrixTest::own);
        rule("POST /notifiers", w -> "notifiers", "{'name':'n','type':'webhook','settings':{'url':'https://x'}}",
                AuthorizationMatrixTest::own);
        // A notifier is its user's own, like an API key: not even a manager sees another user's.
        rule("GET /notifiers/{id}", w -> "notifiers/" + w.notifier, null, AuthorizationMatrixTest::carolsOwn);
        rule("PUT /notifiers/{id}", w -> "notifiers/" + w.notifier, "{'name':'n','settings':{'url':'https://x'}}",
                AuthorizationMatrixTest::carolsOwn);
        rule("DELETE /notifiers/{id}", w -> "notifiers/" + w.notifier, null, AuthorizationMatrixTest::carolsOwn);
        rule("POST /notifiers/{id}/test", w -> "notifiers/" + w.notifier + "/test", null,
                AuthorizationMatrixTest::carolsOwn);
        rule("GET /notifiers/{id}/deliveries", w -> "notifiers/" + w.notifier + "/deliveries", null,
                AuthorizationMatrixTest::carolsOwn);
        rule("GET /api-keys", w -> "api-keys", null, AuthorizationMatrixTest::own);
        rule("POST /api-keys", w -> "api-keys", "{'name':'ci'}", AuthorizationMatrixTest::own);
        rule("DELETE /api-keys/{id}", w -> "api-keys/" + w.carolsKeyId, null, AuthorizationMatrixTest::carolsOwn);
        rule("PUT /password", w -> "password", "{'currentPassword':'wrong','newPassword':'another long password 2'}",
                AuthorizationMatrixTest::own);
        // A second factor is its user's own; only a user's manager turns it off without a code.
        rule("GET /second-factor", w -> "second-factor", null, AuthorizationMatrixTest::own);
        rule("POST /second-factor", w -> "second-factor", null, AuthorizationMatrixTest::own);
        rule("PUT /second-factor", w -> "second-factor", "{'code':'000000'}", AuthorizationMatrixTest::own);
        rule("POST /second-factor/turn-off", w -> "second-factor/turn-off", "{'code':'000000'}",
                AuthorizationMatrixTest::own);
        rule("DELETE /users/{id}/second-factor", w -> "users/" + w.carol.id() + "/second-factor", null,
                AuthorizationMatrixTest::managingCarol);
        rule("GET /users/{id}/delegates", w -> "users/" + w.carol.id() + "/delegates", null,
                AuthorizationMatrixTest::carolsDelegates);
        rule("POST /users/{id}/delegates", w -> "users/" + w.carol.id() + "/delegates",
                "{'username':'carol-helper','password':'a long enough password 1'}", AuthorizationMatrixTest::carolsDelegates);
        rule("PUT /delegates/{id}", w -> "delegates/" + w.viewer,
                "{'recover':true,'changeAccounts':false,'changeBackups':false}", AuthorizationMatrixTest::carolsDelegates);
        rule("PUT /delegates/{id}/password", w -> "delegates/" + w.viewer + "/password",
                "{'newPassword':'a new long password 3'}", AuthorizationMatrixTest::carolsDelegates);
        rule("DELETE /delegates/{id}", w -> "delegates/" + w.viewer, null, AuthorizationMatrixTest::carolsDelegates);
        rule("GET /users", w -> "users", null, AuthorizationMatrixTest::userManagers);
        rule("POST /users", w -> "users", "{'username':'erin','password':'a long enough password 1','type':'MANAGED'}",
                AuthorizationMatrixTest::userManagers);
        rule("GET /users/{id}", w -> "users/" + w.carol.id(), null,
                who -> who == Who.MANAGED_CAROL ? Outcome.ALLOWED : managingCarol(who));
        rule("PUT /users/{id}", w -> "users/" + w.carol.id(), "{'email':'carol@example.com'}",
                AuthorizationMatrixTest::managingCarol);
        rule("DELETE /users/{id}", w -> "users/" + w.carol.id(), null, AuthorizationMatrixTest::managingCarol);
        rule("PUT /users/{id}/password", w -> "users/" + w.carol.id() + "/password",
                "{'newPassword':'a new long password 3'}", AuthorizationMatrixTest::managingCarol);
        // Reports hold the caller's worlds; a filter naming a world the caller does not see is a 400 naming it.
        rule("GET /reports/backups", w -> "reports/backups?userId=" + w.carol.id(), null,
                AuthorizationMatrixTest::own);
        rule("GET /reports/snapshots", w -> "reports/snapshots?accountId=" + w.account, null,
                AuthorizationMatrixTest::own);
        rule("GET /reports/audit", w -> "reports/audit", null, AuthorizationMatrixTest::own);
        rule("GET /reports/resources", w -> "reports/resources?accountId=" + w.account + "&regions=us-east-1", null,
                AuthorizationMatrixTest::carolsWorld);
        // The permission summary is the permission check's report: the same rule (the account in the caller's world).
        rule("GET /reports/permissions", w -> "reports/permissions?accountId=" + w.account, null,
                AuthorizationMatrixTest::carolsWorld);
        rule("GET /reports/usage", w -> "reports/usage?users=all", null,
                who -> who == Who.ROOT ? Outcome.ALLOWED : Outcome.FORBIDDEN);
    }


    @TempDir
    Path keys;

    @Test
    void everyOperationOfTheDocumentHasARule() throws Exception {
        assertThat(documentedOperations()).containsExactlyInAnyOrderElementsOf(
                RULES.keySet().stream().filter(op -> !op.equals("GET /openapi.json")).toList());
    }

    @Test
    void everyCallerGetsWhatTheRulesSayAndNoUnexpected2xx() throws Exception {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        World readWorld = null;
        for (String operation : documentedOperations()) {
            Rule rule = RULES.get(operation);
            if (rule == null) {
                continue; // the other test names it
            }
            // One world per operation: the callers that must change nothing first, then those allowed; a deletion
            // gets a fresh world for each caller allowed to make it, so that the second does not find it gone. The
            // reads (GET) share one world, as the shell's matrix does: a read changes nothing another could see, and
            // failed API keys are audited, not throttled. A world costs most of the time (a database, a Jersey app).
            List<Who> order = new ArrayList<>();
            for (Who who : Who.values()) {
                if (expected(operation, rule, who) != Outcome.ALLOWED) {
                    order.add(who);
                }
            }
            for (Who who : Who.values()) {
                if (expected(operation, rule, who) == Outcome.ALLOWED) {
                    order.add(who);
                }
            }
            boolean reads = operation.startsWith("GET ");
            if (reads && readWorld == null) {
                readWorld = new World(keys.resolve("reads"));
            }
            World world = reads ? readWorld : new World(keys.resolve(UUID.randomUUID().toString()));
            boolean deletedOnce = false;
            for (Who who : order) {
                Outcome expected = expected(operation, rule, who);
                if (expected == Outcome.ALLOWED && operation.startsWith("DELETE ")) {
                    if (deletedOnce) {
                        world.close();
                        world = new World(keys.resolve(UUID.randomUUID().toString()));
                    }
                    deletedOnce = true;
                }
                String method = operation.substring(0, operation.indexOf(' '));
                InMemoryApi.Request request = world.api.anonymous(method, "v1/" + rule.path().apply(world));
                if (who != Who.ANONYMOUS) {
                    request.bearer(world.keys.get(who));
                }
                if (rule.body() != null) {
                    request.json(rule.body().replace("%account%", String.valueOf(world.account)));
                }
                InMemoryApi.Reply reply = request.from("198.51.100.7").send();
                calls++;
                if (!matches(expected, reply.status())) {
                    wrong.add(operation + " as " + who + ": expected " + expected + ", got " + reply.status() + " "
                            + reply.body());
                }
            }
            if (!reads) {
                world.close();
            }
        }
        if (readWorld != null) {
            readWorld.close();
        }
        assertThat(wrong).as("calls whose status breaks the rules").isEmpty();
        assertThat(calls).isEqualTo(documentedOperations().size() * Who.values().length);
    }

    @Test
    void listsShowOnlyTheCallersWorlds() {
        World world = new World(keys.resolve("lists"));
        for (String list : List.of("accounts", "schedules", "policies", "backups", "recoveries", "alerts")) {
            for (Who who : SIGNED_IN) {
                JsonNode answer = world.api.anonymous("GET", "v1/" + list).bearer(world.keys.get(who)).send().json();
                JsonNode items = answer.has("items") ? answer.get("items") : answer;
                boolean seesCarol = seesCarol(who);
                assertThat(items.size()).as(list + " as " + who).isEqualTo(seesCarol ? 1 : 0);
            }
        }
        world.close();
    }

    @Test
    void reportsHoldOnlyTheCallersWorldsAndRefuseFiltersOutsideThem() {
        World world = new World(keys.resolve("reports"));
        for (String report : List.of("backups", "snapshots")) {
            for (Who who : SIGNED_IN) {
                InMemoryApi.Reply reply = world.api.anonymous("GET", "v1/reports/" + report)
                        .bearer(world.keys.get(who)).send();
                boolean seesCarol = seesCarol(who);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.body().lines().count()).as(report + " as " + who)
                        .isEqualTo(seesCarol && report.equals("backups") ? 2 : 1);
                InMemoryApi.Reply filtered = world.api.anonymous("GET", "v1/reports/" + report + "?accountId="
                        + world.account).bearer(world.keys.get(who)).send();
                assertThat(filtered.status()).as(report + " filtered as " + who).isEqualTo(seesCarol ? 200 : 400);
                if (!seesCarol) {
                    assertThat(filtered.json().path("field").asText()).isEqualTo("accountId");
                }
            }
        }
        world.close();
    }

    private static Outcome expected(String operation, Rule rule, Who who) {
        if (PUBLIC_OPERATIONS.contains(operation)) {
            return rule.outcome().apply(who);
        }
        if (!SIGNED_IN.contains(who)) {
            return Outcome.UNAUTHENTICATED;
        }
        if (MADE_WITH.containsKey(who)) {
            return expected(operation, rule, MADE_WITH.get(who));
        }
        if (READ_ONLY.containsKey(who)) {
            Outcome asItsUser = expected(operation, rule, READ_ONLY.get(who));
            boolean change = !operation.startsWith("GET ") && !READ_ONLY_MAY.contains(operation);
            if (!change || asItsUser == Outcome.UNAUTHENTICATED || asItsUser == Outcome.FORBIDDEN) {
                return asItsUser;
            }
            return asItsUser == Outcome.HIDDEN ? Outcome.REFUSED : Outcome.FORBIDDEN;
        }
        if (!DELEGATES.contains(who)) {
            return rule.outcome().apply(who);
        }
        Outcome asCarol = rule.outcome().apply(Who.MANAGED_CAROL);
        Outcome own = rule.outcome().apply(who);
        if (asCarol != Outcome.ALLOWED || own != Outcome.ALLOWED && own != Outcome.HIDDEN) {
            // What Carol may not do, her delegates may not either; rules that name delegates say so themselves.
            return asCarol != Outcome.ALLOWED ? asCarol : own;
        }
        if (operation.equals("DELETE /api-keys/{id}")) {
            return Outcome.HIDDEN; // Carol's key is not among the delegate's own keys
        }
        String needs = DELEGATE_NEEDS.get(operation);
        if (needs == null) {
            return Outcome.ALLOWED;
        }
        return who == Who.CAROLS_DEPUTY && !needs.equals("never") ? Outcome.ALLOWED : Outcome.FORBIDDEN;
    }

    private static boolean matches(Outcome expected, int status) {
        return switch (expected) {
            case ALLOWED -> status < 500 && status != 401 && status != 403 && status != 404;
            case UNAUTHENTICATED -> status == 401;
            case FORBIDDEN -> status == 403;
            case HIDDEN -> status == 404;
            case REFUSED -> status == 403 || status == 404;
        };
    }

    private static List<String> documentedOperations() throws Exception {
        try (InputStream in = RestApplication.class.getResourceAsStream("openapi.json")) {
            JsonNode paths = new ObjectMapper().readTree(in).get("paths");
            List<String> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (Set.of("get", "put", "post", "delete", "patch").contains(method)
                            && !path.getKey().equals("/openapi.json")
                            // Signing in is open to anyone: its credentials are the body (SessionResourceTest).
                            && !(method.equals("post") && path.getKey().equals("/session"))) {
                        operations.add(method.toUpperCase() + " " + path.getKey());
                    }
                }
            }
            return operations;
        }
    }

    /** A fresh store with root, Bob (independent), Carol (managed by Bob) and Dave (independent), and Carol's objects. */
    static final class World {
        final HavenStore store;
        final InMemoryApi api;
        final Map<Who, String> keys = new LinkedHashMap<>();
        final UserProfile carol;
        final long account;
        final long schedule;
        final long policy;
        final long target;
        final long backup;
        final long recovery;
        final long carolsKeyId;
        final long alert;
        final long notifier;
        /** Carol's view-only delegate. */
        final long viewer;
        /** A Haven group of root's for identity provider users (guide 17.3). */
        final long group;
        private final RecoveryServiceImpl recoveries;
        private final io.haven.core.tags.TagScanServiceImpl tagScans;

        World(Path folder) {
            store = FreshDerby.store();
            LocalPasswordAuthenticator local = new LocalPasswordAuthenticator(store, new PasswordHasher(64, 1, 1));
            long rootId = local.createUser("root", PASSWORD.toCharArray(), true);
            UserServiceImpl users = new UserServiceImpl(store, local, withKeyFile(folder.resolve("secrets.key")));
            Caller root = Caller.of(new User(rootId, "root", UserType.ROOT, null));
            UserProfile bob = users.createUser(root, new UserDraft("bob", null, PASSWORD.toCharArray(), UserType.INDEPENDENT, null));
            carol = users.createUser(root, new UserDraft("carol", null, PASSWORD.toCharArray(), UserType.MANAGED, bob.id()));
            UserProfile dave = users.createUser(root, new UserDraft("dave", null, PASSWORD.toCharArray(), UserType.INDEPENDENT, null));
            keys.put(Who.ROOT, users.createApiKey(rootId, "k"));
            keys.put(Who.MANAGER_BOB, users.createApiKey(bob.id(), "k"));
            keys.put(Who.MANAGED_CAROL, users.createApiKey(carol.id(), "k"));
            keys.put(Who.OTHER_DAVE, users.createApiKey(dave.id(), "k"));
            Caller asBob = Caller.of(new User(bob.id(), "bob", UserType.INDEPENDENT, null));
            viewer = users.createDelegate(asBob, carol.id(), new DelegateDraft("carol-viewer", null, PASSWORD.toCharArray(),
                    null)).id();
            long deputy = users.createDelegate(asBob, carol.id(), new DelegateDraft("carol-deputy", null,
                    PASSWORD.toCharArray(), new DelegatePermissions(true, true, true))).id();
            keys.put(Who.CAROLS_VIEWER, users.createApiKey(viewer, "k"));
            keys.put(Who.CAROLS_DEPUTY, users.createApiKey(deputy, "k"));
            String expired = "hvn_expired-" + UUID.randomUUID();
            store.users().insertApiKey(carol.id(), "old", sha256(expired), Instant.now().minusSeconds(7200),
                    Instant.now().minusSeconds(3600));
            keys.put(Who.EXPIRED_KEY, expired);
            var revoked = users.createApiKey(carol.id(), "revoked", null);
            users.revokeApiKey(carol.id(), revoked.info().id());
            keys.put(Who.REVOKED_KEY, revoked.key());
            carolsKeyId = users.apiKeys(carol.id()).stream().filter(k -> k.name().equals("k")).findFirst().orElseThrow().id();
            keys.put(Who.ROOTS_READ_ONLY_KEY, users.createApiKey(Caller.of(new User(rootId, "root", UserType.ROOT, null)),
                    new io.haven.api.model.ApiKeyDraft("ro", null, true)).key());

            account = store.accounts().insert(carol.id(), new Account(0, "carol-acc", AuthMethod.INSTANCE_ROLE,
                    "123456789012", null, null, null, null, null, null, Instant.now()), null).id();
            schedule = store.schedules().insert(carol.id(), new ScheduleSpec("carol-nightly", null, 1, Frequency.DAYS,
                    Instant.parse("2026-01-01T00:00:00Z"), null, Set.of(), List.of()));
            policy = store.policies().insert(carol.id(), new PolicySpec("carol-web", account, null, true, 3,
                    List.of(schedule), 0, 0));
            target = store.policies().addTarget(policy, new TargetSpec("ebs-volume", "us-east-1", "vol-1", Map.of())).id();
            backup = store.backups().start(policy, account, "carol-web", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
            store.backups().finish(backup, BackupStatus.SUCCESSFUL, null, Instant.now());
            recovery = store.recoveries().start(backup, policy, "carol-web", "ebs-volume", "volume", "vol-1", "us-east-1",
                    Map.of(), false, Instant.now());
            alert = store.alerts().raise(new io.haven.store.AlertRepository.Raise("policy:" + policy,
                    io.haven.api.model.AlertCategory.BACKUP, io.haven.api.model.AlertSeverity.ERROR, policy, "carol-web",
                    backup, null, "a failure"), Instant.now()).alert().id();
            notifier = store.notifiers().insert(carol.id(), "carol-hook", "webhook", true, false, Map.of(), Instant.now());

            AwsClients aws = (AwsClients) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {AwsClients.class}, (proxy, method, args) -> {
                        if (method.getReturnType() == void.class) {
                            return null; // forgetting cached credentials
                        }
                        if (method.getName().equals("context")) {
                            return null; // nothing asks it for a client: no target type is installed here
                        }
                        throw new io.haven.aws.AwsAccessException("no AWS in this test", null);
                    });
            SecretCipher cipher = new SecretCipher(folder.resolve("secrets.key"));
            AccountCredentials credentials = new AccountCredentials(store, aws, cipher);
            TargetTypeRegistry types = new TargetTypeRegistry();
            recoveries = new RecoveryServiceImpl(store, new RecoveryRegistry(), credentials, types, CONFIG);
            AccountServiceImpl accounts = new AccountServiceImpl(store, aws, credentials, types, CONFIG);
            PolicyServiceImpl policies = new PolicyServiceImpl(store, types, (accountId, region) -> {
                        throw new UnsupportedOperationException("no AWS in this test");
                    }, (p, trigger, attempt) -> 1L, () -> { }, new io.haven.core.backup.BackupHousekeeper() {
                        @Override
                        public void deleteNow(io.haven.api.model.Backup b) {
                        }

                        @Override
                        public void deleteOrphansSoon() {
                        }
                    });
            // Nothing is scanned here: no account has "Scan Resources" on, except in the world that turns it on.
            tagScans = new io.haven.core.tags.TagScanServiceImpl(store, new io.haven.core.tags.TagScanner(store, types,
                    (accountId, region) -> {
                        throw new UnsupportedOperationException("no AWS in this test");
                    }, policies, accountId -> List.of(), java.time.Clock.systemUTC()), java.time.Clock.systemUTC(),
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor());
            SessionServiceImpl sessions = new SessionServiceImpl(users, new io.haven.core.security.OpenSessions(),
                    new io.haven.core.audit.AuditServiceImpl(store, java.time.Clock.systemUTC(), java.time.Duration.ofDays(30)));
            var reports = new io.haven.core.report.ReportServiceImpl(store, new io.haven.core.audit.AuditServiceImpl(store,
                    java.time.Clock.systemUTC(), java.time.Duration.ofDays(30)), java.time.Clock.systemUTC());
            reports.discovery(accounts, policies);
            // Whoever may see the account gets as far as AWS, which answers like refused credentials
            PermissionCheckServiceImpl permissionCheck = new PermissionCheckServiceImpl(accounts, (accountId, region) -> {
                throw new io.haven.api.service.ValidationException("credentials", "no AWS in this test");
            }, CONFIG);
            reports.permissionCheck(permissionCheck);
            var identityProvider = new io.haven.core.identity.IdentityProviderServiceImpl(store, users, sessions,
                    cipher, java.time.Clock.systemUTC());
            group = identityProvider.createGroup(root, new io.haven.api.model.UserGroupDraft("ops", null, UserType.MANAGED,
                    null, null, null, null)).id();
            api = new InMemoryApi(new CoreServices(
                    accounts,
                    new ScheduleServiceImpl(store, () -> { }, ZoneOffset.UTC, java.time.Clock.systemUTC()),
                    policies,
                    new BackupServiceImpl(store, new io.haven.core.backup.BackupHousekeeper() {
                        @Override
                        public void deleteNow(io.haven.api.model.Backup b) {
                        }

                        @Override
                        public void deleteOrphansSoon() {
                        }
                    }),
                    users, new AlertServiceImpl(store), recoveries,
                    permissionCheck,
                    // No notifier plugin is installed: what reaches a plugin is refused for its type (400); a
                    // delivery queue that never runs.
                    new NotifierConfigs(store, type -> java.util.Optional.empty(), List::of, cipher,
                            new Deliveries(store, type -> java.util.Optional.empty(), cipher,
                                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> new Thread(() -> { })),
                                    java.time.Clock.systemUTC(), Deliveries.Retry.DEFAULT), java.time.Clock.systemUTC()),
                    sessions,
                    new io.haven.core.audit.AuditServiceImpl(store, java.time.Clock.systemUTC(), java.time.Duration.ofDays(30)),
                    new io.haven.core.dashboard.DashboardServiceImpl(store, new AlertServiceImpl(store), ZoneOffset.UTC,
                            java.time.Clock.systemUTC()), tagScans,
                    reports,
                    identityProvider));
            // Keys made through the API with a key, as a script holding one would make them.
            keys.put(Who.KEY_MADE_BY_VIEWERS_KEY, madeWith(keys.get(Who.CAROLS_VIEWER), "{'name':'viewer-2'}"));
            keys.put(Who.BOBS_READ_ONLY_KEY, madeWith(keys.get(Who.MANAGER_BOB), "{'name':'ro','readOnly':true}"));
            keys.put(Who.CAROLS_READ_ONLY_KEY, madeWith(keys.get(Who.MANAGED_CAROL), "{'name':'ro','readOnly':true}"));
            keys.put(Who.KEY_MADE_BY_BOBS_READ_ONLY_KEY, madeWith(keys.get(Who.BOBS_READ_ONLY_KEY), "{'name':'ro-2'}"));
        }

        private String madeWith(String key, String body) {
            InMemoryApi.Reply reply = api.anonymous("POST", "v1/api-keys").bearer(key).json(body).send();
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            return reply.json().get("key").asText();
        }

        private static String sha256(String text) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void close() {
            recoveries.stop();
            tagScans.stop();
        }
    }

    /** Core's configuration with every default but the key file, which goes into the test's folder. */
    static CoreConfig withKeyFile(Path keyFile) {
        return (CoreConfig) Proxy.newProxyInstance(CoreConfig.class.getClassLoader(), new Class<?>[] {CoreConfig.class},
                (proxy, method, args) -> method.getName().equals("secretKeyFile") ? keyFile.toString() : method.getDefaultValue());
    }

    /** Core's configuration with every default. */
    static final CoreConfig CONFIG = (CoreConfig) Proxy.newProxyInstance(CoreConfig.class.getClassLoader(),
            new Class<?>[] {CoreConfig.class}, (proxy, method, args) -> method.getDefaultValue());
}
