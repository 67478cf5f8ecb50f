package io.haven.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.service.ForbiddenException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.CoreWorld;
import io.haven.shell.testing.CoreWorld.Who;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell's authorization matrix, the counterpart of REST's {@code AuthorizationMatrixTest}: every {@code haven:}
 * command the bundle declares, run by every kind of signed-in caller (a JAAS subject, as Karaf runs a command of an SSH
 * session) over the real core services and an in-memory store. The objects addressed belong to Carol, a managed user of
 * the independent user Bob; Dave is another independent user; Carol's viewer and deputy are her delegates with no and
 * with every permission (guide 16). For each (command, caller) the test asserts whether the command was done or
 * refused, and that a refusal is the one line the shell prints for core's {@link ForbiddenException} (refused) or
 * {@link NotFoundException} (hidden: the object does not exist for that caller).
 *
 * <p>The rules are core's; the shell only adapts them. So the expectation of a command that does what a REST operation
 * does is that operation's, with the same rule functions and the same delegate permissions as REST's matrix (copied
 * below, keyed by the REST operation); only the few commands REST has no operation for name a rule of their own. A new
 * command without a line here fails {@link #everyCommandOfTheBundleHasALine()}.
 */
class ShellAuthorizationMatrixTest {

    /** What a caller is expected to get; the shell has no 401: a session always has a signed-in user. */
    enum Outcome {
        /** Done, or refused for its content (a validation error or conflict): no ForbiddenException, no NotFoundException. */
        ALLOWED,
        /** Refused: core threw a ForbiddenException and the shell printed it. */
        FORBIDDEN,
        /** Hidden: core threw a NotFoundException for an object of Carol's and the shell printed it. */
        HIDDEN,
        /** Refused or hidden: a read-only key's change to what its user does not see (either reveals nothing). */
        REFUSED
    }

    private static final Set<Who> DELEGATES = EnumSet.of(Who.CAROLS_VIEWER, Who.CAROLS_DEPUTY);

    /** Keys made with another caller's key: exactly that caller's rights (as REST's matrix). */
    private static final Map<Who, Who> MADE_WITH = Map.of(Who.KEY_MADE_BY_VIEWERS_KEY, Who.CAROLS_VIEWER,
            Who.KEY_MADE_BY_BOBS_READ_ONLY_KEY, Who.BOBS_READ_ONLY_KEY);

    /** Read-only keys and whose they are: they read what their user reads and change nothing (as REST's matrix). */
    private static final Map<Who, Who> READ_ONLY = Map.of(Who.ROOTS_READ_ONLY_KEY, Who.ROOT,
            Who.BOBS_READ_ONLY_KEY, Who.MANAGER_BOB, Who.CAROLS_READ_ONLY_KEY, Who.MANAGED_CAROL);

    /** REST's operations, besides reads, that a read-only key may still call (AuthorizationMatrixTest.READ_ONLY_MAY). */
    private static final Set<String> READ_ONLY_MAY = Set.of("POST /schedule-preview", "DELETE /session",
            "POST /alerts/{id}/acknowledge", "DELETE /alerts/{id}", "POST /accounts/{id}/permission-check",
            "POST /identity-provider/test", "POST /api-keys");

    /** The caller whose key it is, for a key's caller; the caller itself otherwise. */
    private static Who base(Who who) {
        Who as = MADE_WITH.getOrDefault(who, who);
        return READ_ONLY.getOrDefault(as, as);
    }

    // ---- The rules, as REST's AuthorizationMatrixTest states them (guide 16.1 and 16.4) ----

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

    /** Root's alone (tag scanning, identity provider, groups, every user's usage): everyone else is refused. */
    private static Outcome rootOnly(Who who) {
        return who == Who.ROOT ? Outcome.ALLOWED : Outcome.FORBIDDEN;
    }

    /** Viewing Carol as a user: she herself and whoever manages her. */
    private static Outcome seeingCarol(Who who) {
        return who == Who.MANAGED_CAROL ? Outcome.ALLOWED : managingCarol(who);
    }

    /** REST's rule per operation (AuthorizationMatrixTest.RULES), for the operations some command does. */
    private static final Map<String, Function<Who, Outcome>> REST = new HashMap<>();

    /**
     * REST's changes that a delegate needs a permission for ("never": no delegate makes them), as in
     * AuthorizationMatrixTest.DELEGATE_NEEDS. Everything else a delegate may do exactly when Carol may.
     */
    private static final Map<String, String> DELEGATE_NEEDS = new HashMap<>();

    static {
        Map<String, Function<Who, Outcome>> r = REST;
        r.put("GET /target-types", ShellAuthorizationMatrixTest::own);
        r.put("GET /accounts", ShellAuthorizationMatrixTest::own);
        r.put("POST /accounts", ShellAuthorizationMatrixTest::own);
        r.put("PUT /accounts/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("DELETE /accounts/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /accounts/{id}/resources", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("POST /accounts/{id}/permission-check", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("PUT /accounts/{id}/scan-resources", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("PUT /accounts/{id}/allow-deleting-snapshots", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /audit", ShellAuthorizationMatrixTest::own);
        r.put("GET /dashboard", ShellAuthorizationMatrixTest::own);
        r.put("POST /tag-scans", ShellAuthorizationMatrixTest::rootOnly);
        r.put("GET /tag-scans/last", ShellAuthorizationMatrixTest::rootOnly);
        r.put("GET /tag-scan-settings", ShellAuthorizationMatrixTest::rootOnly);
        r.put("PUT /tag-scan-settings", ShellAuthorizationMatrixTest::rootOnly);
        r.put("GET /identity-provider", ShellAuthorizationMatrixTest::rootOnly);
        r.put("PUT /identity-provider", ShellAuthorizationMatrixTest::rootOnly);
        r.put("POST /identity-provider/test", ShellAuthorizationMatrixTest::rootOnly);
        r.put("GET /identity-provider/keys", ShellAuthorizationMatrixTest::rootOnly);
        r.put("POST /identity-provider/keys/roll-over", ShellAuthorizationMatrixTest::rootOnly);
        r.put("POST /identity-provider/keys/retire-previous", ShellAuthorizationMatrixTest::rootOnly);
        r.put("GET /user-groups", ShellAuthorizationMatrixTest::rootOnly);
        r.put("POST /user-groups", ShellAuthorizationMatrixTest::rootOnly);
        r.put("PUT /user-groups/{id}", ShellAuthorizationMatrixTest::rootOnly);
        r.put("DELETE /user-groups/{id}", ShellAuthorizationMatrixTest::rootOnly);
        r.put("GET /schedules", ShellAuthorizationMatrixTest::own);
        r.put("POST /schedules", ShellAuthorizationMatrixTest::own);
        r.put("DELETE /schedules/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /schedules/{id}/next-runs", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /policies", ShellAuthorizationMatrixTest::own);
        r.put("POST /policies", ShellAuthorizationMatrixTest::own);
        r.put("PUT /policies/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("DELETE /policies/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /policies/{id}/targets", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("POST /policies/{id}/targets", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("DELETE /policies/{id}/targets/{targetId}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("POST /policies/{id}/run", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /backups", ShellAuthorizationMatrixTest::own);
        r.put("GET /backups/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("DELETE /backups/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /backups/{id}/log", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /backups/{id}/scripts", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("POST /backups/{id}/freeze", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /backups/{id}/recovery", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("POST /backups/{id}/recovery", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /backups/{id}/recovery/{key}/image", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /recoveries", ShellAuthorizationMatrixTest::own);
        r.put("GET /recoveries/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /alerts", ShellAuthorizationMatrixTest::own);
        r.put("POST /alerts/{id}/acknowledge", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("DELETE /alerts/{id}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /alerts-key", ShellAuthorizationMatrixTest::own);
        r.put("POST /alerts-key", ShellAuthorizationMatrixTest::own);
        r.put("DELETE /alerts-key", ShellAuthorizationMatrixTest::own);
        r.put("GET /notifier-types", ShellAuthorizationMatrixTest::own);
        r.put("GET /notifiers", ShellAuthorizationMatrixTest::own);
        r.put("POST /notifiers", ShellAuthorizationMatrixTest::own);
        r.put("DELETE /notifiers/{id}", ShellAuthorizationMatrixTest::carolsOwn);
        r.put("POST /notifiers/{id}/test", ShellAuthorizationMatrixTest::carolsOwn);
        r.put("GET /notifiers/{id}/deliveries", ShellAuthorizationMatrixTest::carolsOwn);
        r.put("GET /api-keys", ShellAuthorizationMatrixTest::own);
        r.put("POST /api-keys", ShellAuthorizationMatrixTest::own);
        r.put("DELETE /api-keys/{id}", ShellAuthorizationMatrixTest::carolsOwn);
        r.put("PUT /password", ShellAuthorizationMatrixTest::own);
        r.put("GET /second-factor", ShellAuthorizationMatrixTest::own);
        r.put("POST /second-factor", ShellAuthorizationMatrixTest::own);
        r.put("PUT /second-factor", ShellAuthorizationMatrixTest::own);
        r.put("POST /second-factor/turn-off", ShellAuthorizationMatrixTest::own);
        r.put("DELETE /users/{id}/second-factor", ShellAuthorizationMatrixTest::managingCarol);
        r.put("GET /users/{id}/delegates", ShellAuthorizationMatrixTest::carolsDelegates);
        r.put("POST /users/{id}/delegates", ShellAuthorizationMatrixTest::carolsDelegates);
        r.put("PUT /delegates/{id}", ShellAuthorizationMatrixTest::carolsDelegates);
        r.put("PUT /delegates/{id}/password", ShellAuthorizationMatrixTest::carolsDelegates);
        r.put("DELETE /delegates/{id}", ShellAuthorizationMatrixTest::carolsDelegates);
        r.put("GET /users", ShellAuthorizationMatrixTest::userManagers);
        r.put("POST /users", ShellAuthorizationMatrixTest::userManagers);
        r.put("GET /users/{id}", ShellAuthorizationMatrixTest::seeingCarol);
        r.put("PUT /users/{id}", ShellAuthorizationMatrixTest::managingCarol);
        r.put("DELETE /users/{id}", ShellAuthorizationMatrixTest::managingCarol);
        r.put("PUT /users/{id}/password", ShellAuthorizationMatrixTest::managingCarol);
        r.put("GET /reports/backups", ShellAuthorizationMatrixTest::own);
        r.put("GET /reports/snapshots", ShellAuthorizationMatrixTest::own);
        r.put("GET /reports/audit", ShellAuthorizationMatrixTest::own);
        r.put("GET /reports/resources", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /reports/permissions", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("PUT /policies/{id}/targets/{targetId}", ShellAuthorizationMatrixTest::carolsWorld);
        r.put("GET /reports/usage", ShellAuthorizationMatrixTest::rootOnly); // with users=all

        for (String op : List.of("POST /accounts", "PUT /accounts/{id}", "DELETE /accounts/{id}", "PUT /accounts/{id}/scan-resources",
                "PUT /accounts/{id}/allow-deleting-snapshots")) {
            DELEGATE_NEEDS.put(op, "changeAccounts");
        }
        for (String op : List.of("POST /schedules", "PUT /schedules/{id}", "DELETE /schedules/{id}", "POST /policies",
                "PUT /policies/{id}", "DELETE /policies/{id}", "POST /policies/{id}/targets", "POST /policies/{id}/target-batch",
                "PUT /policies/{id}/targets/{targetId}", "DELETE /policies/{id}/targets/{targetId}",
                "POST /policies/{id}/run", "DELETE /backups/{id}", "POST /backups/{id}/freeze")) {
            DELEGATE_NEEDS.put(op, "changeBackups");
        }
        DELEGATE_NEEDS.put("POST /backups/{id}/recovery", "recover");
        for (String op : List.of("POST /alerts-key", "DELETE /alerts-key", "POST /notifiers", "PUT /notifiers/{id}",
                "DELETE /notifiers/{id}", "POST /notifiers/{id}/test")) {
            DELEGATE_NEEDS.put(op, "never");
        }
    }

    /** What REST's matrix expects of an operation for a caller (AuthorizationMatrixTest.expected, signed-in callers). */
    private static Outcome restExpects(String operation, Who who) {
        Function<Who, Outcome> rule = REST.get(operation);
        if (MADE_WITH.containsKey(who)) {
            return restExpects(operation, MADE_WITH.get(who));
        }
        if (READ_ONLY.containsKey(who)) {
            Outcome asItsUser = restExpects(operation, READ_ONLY.get(who));
            boolean change = !operation.startsWith("GET ") && !READ_ONLY_MAY.contains(operation);
            if (!change || asItsUser == Outcome.FORBIDDEN) {
                return asItsUser;
            }
            return asItsUser == Outcome.HIDDEN ? Outcome.REFUSED : Outcome.FORBIDDEN;
        }
        if (!DELEGATES.contains(who)) {
            return rule.apply(who);
        }
        Outcome asCarol = rule.apply(Who.MANAGED_CAROL);
        Outcome own = rule.apply(who);
        if (asCarol != Outcome.ALLOWED || own != Outcome.ALLOWED && own != Outcome.HIDDEN) {
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

    // ---- The shell's table: one or more command lines per command ----

    /**
     * One command line and what each caller gets. {@code rest} is the REST operation doing the same, whose expectation
     * it takes; {@code own} a rule of the shell's own, for a line without a REST operation or whose refusal differs in
     * form only (see {@link #resolvesFirst}). {@code cloud}: the command goes on to AWS (there is none here), so an
     * allowed caller is only asserted not to be refused.
     */
    record Line(String text, String rest, Function<Who, Outcome> own, boolean cloud) {

        String command() {
            return text.split(" ", 2)[0];
        }

        Outcome expected(Who who) {
            return own != null ? own.apply(who) : restExpects(rest, who);
        }
    }

    private static final List<Line> LINES = new ArrayList<>();

    private static void line(String text, String rest) {
        LINES.add(new Line(text, rest, null, false));
    }

    private static void cloud(String text, String rest) {
        LINES.add(new Line(text, rest, null, true));
    }

    private static void own(String text, String why, Function<Who, Outcome> rule) {
        assertThat(why).isNotBlank();
        LINES.add(new Line(text, null, rule, false));
    }

    /**
     * Lines that name an object of Carol's by id or name as an input of something the REST operation takes as a field
     * of its body or query (the account of a new policy, a report's filter): the shell resolves the name first
     * ({@code accounts.find}), so a caller who does not see the object is told it does not exist where REST answers 400
     * naming the field. Both refuse; only the form differs. Everyone else gets REST's outcome.
     */
    private static Function<Who, Outcome> resolvesFirst(String rest) {
        return who -> {
            // The name is resolved before anything else: for one who does not see it, whatever its key's rights.
            Who as = base(who);
            return restExpects(rest, as) == Outcome.ALLOWED && carolsWorld(as) == Outcome.HIDDEN && !DELEGATES.contains(as)
                    ? Outcome.HIDDEN : restExpects(rest, who);
        };
    }

    static {
        // accounts
        cloud("account-add x --auth keys --access-key AKIAEXAMPLE --secret-key s3cret", "POST /accounts");
        cloud("account-check-permissions %account%", "POST /accounts/{id}/permission-check");
        line("account-delete %account%", "DELETE /accounts/{id}");
        line("account-update %account% --name renamed-%account%", "PUT /accounts/{id}");
        cloud("account-discover %account% --type ebs-volume --region us-east-1", "GET /accounts/{id}/resources");
        line("account-list", "GET /accounts");
        line("account-scan-resources %account% on", "PUT /accounts/{id}/scan-resources");
        line("account-allow-deleting %account% on", "PUT /accounts/{id}/allow-deleting-snapshots");
        // alerts
        line("alert-ack %alert%", "POST /alerts/{id}/acknowledge");
        line("alert-delete %alert%", "DELETE /alerts/{id}");
        line("alert-list", "GET /alerts");
        line("alerts-key", "GET /alerts-key");
        line("alerts-key --new", "POST /alerts-key");
        line("alerts-key --remove", "DELETE /alerts-key");
        line("audit", "GET /audit");
        // backups
        line("backup-delete %backup% --force", "DELETE /backups/{id}");
        line("backup-freeze %backup% keep", "POST /backups/{id}/freeze");
        line("backup-list", "GET /backups");
        line("backup-log %backup%", "GET /backups/{id}/log");
        line("backup-scripts %backup%", "GET /backups/{id}/scripts");
        line("backup-show %backup%", "GET /backups/{id}");
        line("dashboard", "GET /dashboard");
        // notifiers
        line("notifier-add n webhook --set url=https://example.com/hook", "POST /notifiers");
        line("notifier-list", "GET /notifiers");
        line("notifier-list --types", "GET /notifier-types");
        line("notifier-remove %notifier%", "DELETE /notifiers/{id}");
        line("notifier-test %notifier%", "POST /notifiers/{id}/test");
        line("notifier-test %notifier% --deliveries", "GET /notifiers/{id}/deliveries");
        // policies
        own("policy-add p2 --account %account% --generations 3", "names Carol's account", resolvesFirst("POST /policies"));
        line("policy-delete %policy% --force", "DELETE /policies/{id}");
        line("policy-list", "GET /policies");
        line("policy-run %policy%", "POST /policies/{id}/run");
        line("policy-target-add %policy% vol-2 --type ebs-volume --region us-east-1", "POST /policies/{id}/targets");
        line("policy-target-remove %policy% %target%", "DELETE /policies/{id}/targets/{targetId}");
        // No target type is installed here: whoever may change Carol's policy gets as far as the type (409)
        line("policy-target-update %policy% %target% --defaults", "PUT /policies/{id}/targets/{targetId}");
        line("policy-targets %policy%", "GET /policies/{id}/targets");
        line("policy-update %policy% --generations 4", "PUT /policies/{id}");
        // recoveries
        cloud("ami-assistant %backup% i-1 --region us-east-1", "GET /backups/{id}/recovery/{key}/image");
        cloud("recover %backup% vol-1", "POST /backups/{id}/recovery");
        line("recovery-list", "GET /recoveries");
        cloud("recovery-panel %backup%", "GET /backups/{id}/recovery");
        line("recovery-show %recovery%", "GET /recoveries/{id}");
        // reports (files go to the test's folder)
        line("report-audit --out audit.csv", "GET /reports/audit");
        line("report-backups --out backups.csv --user %carol%", "GET /reports/backups");
        own("report-snapshots --out snapshots.csv --account %account%", "names Carol's account",
                resolvesFirst("GET /reports/snapshots"));
        cloud("report-resources --out resources.csv --account %account% --regions us-east-1", "GET /reports/resources");
        cloud("report-permissions --out permissions.csv --account %account%", "GET /reports/permissions");
        line("report-usage --out usage.csv --all", "GET /reports/usage");
        own("report-usage --out usage.csv", "REST's matrix asks only users=all; one's own usage is everyone's",
                ShellAuthorizationMatrixTest::own);
        // schedules
        line("schedule-add s2 --every 1 --unit days --start 2026-01-01T01:00", "POST /schedules");
        line("schedule-delete %schedule%", "DELETE /schedules/{id}");
        line("schedule-list", "GET /schedules");
        line("schedule-next %schedule%", "GET /schedules/{id}/next-runs");
        // tag scans (root's)
        line("tag-scan", "POST /tag-scans");
        line("tag-scan-log", "GET /tag-scans/last");
        line("tag-scan-settings", "GET /tag-scan-settings");
        line("tag-scan-settings --interval 24", "PUT /tag-scan-settings");
        line("target-types", "GET /target-types");
        // one's own credentials
        line("apikey-create ci", "POST /api-keys");
        line("apikey-list", "GET /api-keys");
        line("apikey-revoke %carolsKey%", "DELETE /api-keys/{id}");
        line("password", "PUT /password");
        line("second-factor", "GET /second-factor");
        line("second-factor start", "POST /second-factor");
        line("second-factor confirm 000000", "PUT /second-factor");
        line("second-factor off 000000", "POST /second-factor/turn-off");
        // delegates
        line("delegate-add %carol% carol-helper", "POST /users/{id}/delegates");
        line("delegate-delete %viewer%", "DELETE /delegates/{id}");
        line("delegate-list %carol%", "GET /users/{id}/delegates");
        line("delegate-reset-password %viewer%", "PUT /delegates/{id}/password");
        line("delegate-update %viewer% --allow-recovery", "PUT /delegates/{id}");
        // identity provider and groups (root's)
        line("group-add newgroup --type MANAGED", "POST /user-groups");
        line("group-delete %group%", "DELETE /user-groups/{id}");
        line("group-list", "GET /user-groups");
        line("group-update %group% --enabled yes", "PUT /user-groups/{id}");
        line("identity-provider", "GET /identity-provider");
        line("identity-provider --disable", "PUT /identity-provider");
        line("identity-provider --test", "POST /identity-provider/test");
        line("identity-provider-key", "GET /identity-provider/keys");
        line("identity-provider-key --roll-over", "POST /identity-provider/keys/roll-over");
        line("identity-provider-key --retire-previous", "POST /identity-provider/keys/retire-previous");
        // users
        line("user-add erin --type MANAGED", "POST /users");
        line("user-delete %carol%", "DELETE /users/{id}");
        line("user-list", "GET /users");
        line("user-reset-password %carol%", "PUT /users/{id}/password");
        line("user-reset-second-factor %carol%", "DELETE /users/{id}/second-factor");
        line("user-show %carol%", "GET /users/{id}");
        own("user-show", "without an id it shows the caller itself (for a delegate: the user it acts for), "
                + "as GET /session does", ShellAuthorizationMatrixTest::own);
        line("user-update %carol% --email carol@example.com", "PUT /users/{id}");
    }

    /** What answers the prompts of a command: new passwords (twice) and the current one (a wrong one). */
    private static final String ANSWER = "a new long password 3";

    @TempDir
    Path folder;

    private String karafData;

    @BeforeEach
    void reportsGoToTheTestFolder() {
        karafData = System.getProperty("karaf.data");
        System.setProperty("karaf.data", folder.resolve("data").toString());
    }

    @AfterEach
    void restoreKarafData() {
        if (karafData == null) {
            System.clearProperty("karaf.data");
        } else {
            System.setProperty("karaf.data", karafData);
        }
    }

    @Test
    void everyCommandOfTheBundleHasALine() throws Exception {
        Set<String> declared = new TreeSet<>(havenCommands().keySet());
        Set<String> covered = new TreeSet<>();
        LINES.forEach(line -> covered.add(line.command()));
        assertThat(covered).as("commands of the table").containsExactlyElementsOf(declared);
        for (Line line : LINES) {
            assertThat(line.rest() == null || REST.containsKey(line.rest())).as(line.text() + ": " + line.rest()).isTrue();
        }
    }

    @Test
    void everyCallerGetsWhatTheRulesSay() throws Exception {
        Map<String, Class<? extends Action>> commands = havenCommands();
        List<String> wrong = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        CoreWorld readWorld = null;
        int runs = 0;
        for (Line line : LINES) {
            Class<? extends Action> type = commands.get(line.command());
            if (type == null) {
                continue; // the other test names it
            }
            // One world per line: the callers who must change nothing first, then those allowed; a deletion gets a
            // fresh world for each caller allowed to make it, so that the second does not find it gone. The commands
            // that only read (those the audit log leaves out) share one world.
            List<Who> order = new ArrayList<>();
            Stream.of(Who.values()).filter(w -> line.expected(w) != Outcome.ALLOWED).forEach(order::add);
            Stream.of(Who.values()).filter(w -> line.expected(w) == Outcome.ALLOWED).forEach(order::add);
            boolean deletes = line.command().endsWith("-delete") || line.command().endsWith("-remove")
                    || line.command().equals("apikey-revoke");
            boolean reads = CommandLine.READ_ONLY.contains(line.command());
            if (reads && readWorld == null) {
                readWorld = new CoreWorld(folder.resolve("reads"));
            }
            CoreWorld world = reads ? readWorld : new CoreWorld(folder.resolve("world-" + runs));
            boolean changedOnce = false;
            for (Who who : order) {
                Outcome expected = line.expected(who);
                if (expected == Outcome.ALLOWED && deletes) {
                    if (changedOnce) {
                        world.close();
                        world = new CoreWorld(folder.resolve("world-" + runs + "-" + who));
                    }
                    changedOnce = true;
                }
                runs++;
                long started = System.nanoTime();
                String got = outcome(world, type, line, who);
                report.append(line.text()).append(" | ").append(who).append(" | ").append(got).append(" | ")
                        .append((System.nanoTime() - started) / 1_000_000).append(" ms | ")
                        .append(lastOutput.replace(System.lineSeparator(), " ").trim()).append('\n');
                boolean refused = expected == Outcome.REFUSED
                        && (got.equals(Outcome.FORBIDDEN.name()) || got.equals(Outcome.HIDDEN.name()));
                if (!got.equals(expected.name()) && !refused) {
                    wrong.add(line.text() + " as " + who + ": expected " + expected + ", got " + got);
                }
            }
            if (!reads) {
                world.close();
            }
        }
        if (readWorld != null) {
            readWorld.close();
        }
        Files.writeString(Path.of("target", "shell-authorization-matrix.txt"), report);
        assertThat(wrong).as("command runs whose outcome breaks the rules").isEmpty();
        assertThat(runs).isEqualTo(LINES.size() * Who.values().length);
    }

    private String lastOutput = "";

    @Test
    void completersOfferOnlyTheCallersWorlds() throws Exception {
        CoreWorld world = new CoreWorld(folder.resolve("completers"));
        Map<Class<? extends org.apache.karaf.shell.api.console.Completer>, String> carols = Map.of(
                io.haven.shell.account.AccountCompleter.class, "carol-acc",
                io.haven.shell.policy.PolicyCompleter.class, "carol-web",
                io.haven.shell.schedule.ScheduleCompleter.class, "carol-nightly");
        for (var completer : carols.entrySet()) {
            for (Who who : Who.values()) {
                var instance = completer.getKey().getDeclaredConstructor().newInstance();
                inject(instance, world);
                Subject subject = subject(world, who);
                List<String> offered = Subject.doAs(subject, (PrivilegedExceptionAction<List<String>>) () ->
                        io.haven.shell.testing.Completions.of(instance, "carol"));
                boolean seesCarol = carolsWorld(base(who)) == Outcome.ALLOWED || DELEGATES.contains(base(who));
                assertThat(offered).as(completer.getKey().getSimpleName() + " as " + who)
                        .isEqualTo(seesCarol ? List.of(completer.getValue()) : List.of());
            }
        }
        world.close();
    }

    /** Runs the line as the caller and names what it got: an {@link Outcome}, or what went wrong instead. */
    private String outcome(CoreWorld world, Class<? extends Action> type, Line line, Who who) throws Exception {
        world.thrown().clear();
        Action command = type.getDeclaredConstructor().newInstance();
        inject(command, world);
        bind(command, world.fill(line.text()));
        Subject subject = subject(world, who);
        subject.getPrincipals().add(new ClientPrincipal("ssh", "198.51.100.7:50022"));
        Console.Run run;
        try {
            run = Subject.doAs(subject, (PrivilegedExceptionAction<Console.Run>) () -> Console.execute(command));
        } catch (java.security.PrivilegedActionException | RuntimeException e) {
            // doAs wraps what is checked and lets what is not through
            Throwable cause = e instanceof java.security.PrivilegedActionException ? e.getCause() : e;
            lastOutput = "threw " + cause;
            if (cause instanceof ForbiddenException || cause instanceof NotFoundException) {
                return "an uncaught " + cause; // the shell always prints these
            }
            // Past every rule, on its way to AWS, which is not there: not refused.
            return line.cloud() ? Outcome.ALLOWED.name() : "an exception: " + cause;
        }
        lastOutput = run.err().isEmpty() ? run.out().lines().findFirst().orElse("") : run.err();
        if (run.err().isEmpty()) {
            return Outcome.ALLOWED.name();
        }
        // The refusal the shell prints is the message of what core threw, as HavenCommand prints it.
        for (RuntimeException e : world.thrown()) {
            String printed = "Error: " + (e instanceof ValidationException v && v.field() != null && !v.field().isBlank()
                    ? v.field() + ": " : "") + e.getMessage() + System.lineSeparator();
            if (run.err().equals(printed)) {
                if (e instanceof ForbiddenException) {
                    return Outcome.FORBIDDEN.name();
                }
                if (e instanceof NotFoundException) {
                    return Outcome.HIDDEN.name();
                }
                return Outcome.ALLOWED.name(); // refused for its content
            }
        }
        // The shell's own check of the input, one line like core's (no rule of who may do what lives in the shell).
        return run.err().startsWith("Error: ") && run.err().lines().count() == 1 ? Outcome.ALLOWED.name()
                : "unexpected output: " + run.err();
    }

    /** The subject of a caller's SSH session, as HavenLoginModule leaves it: the user, and the key it signed in with. */
    private static Subject subject(CoreWorld world, Who who) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(world.username(who)));
        if (world.keyId(who) != null) {
            subject.getPrincipals().add(new io.haven.shell.auth.ApiKeyPrincipal(world.keyId(who)));
        }
        return subject;
    }

    /** Gives a command its services, as Karaf's @Reference injection does, from the world's real core services. */
    private static void inject(Object command, CoreWorld world) throws IllegalAccessException {
        for (Class<?> c = command.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(Reference.class)) {
                    field.setAccessible(true);
                    field.set(command, world.service(field.getType(), ANSWER));
                }
            }
        }
    }

    /** Sets a command's arguments and options from a command line, as Karaf's parser does for these simple lines. */
    private static void bind(Action command, String text) throws IllegalAccessException {
        List<String> words = new ArrayList<>(Arrays.asList(text.trim().split(" +")));
        words.remove(0);
        Map<String, Field> options = new HashMap<>();
        Map<Integer, Field> arguments = new HashMap<>();
        for (Class<?> c = command.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null) {
                    options.put(option.name(), field);
                    Stream.of(option.aliases()).forEach(alias -> options.put(alias, field));
                }
                Argument argument = field.getAnnotation(Argument.class);
                if (argument != null) {
                    arguments.put(argument.index(), field);
                }
            }
        }
        int index = 0;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("--")) {
                Field field = options.get(word);
                if (field == null) {
                    throw new IllegalArgumentException(text + ": no option " + word);
                }
                if (field.getType() == boolean.class) {
                    set(command, field, "true");
                } else {
                    set(command, field, words.get(++i));
                }
            } else {
                Field field = arguments.get(index++);
                if (field == null) {
                    throw new IllegalArgumentException(text + ": no argument " + (index - 1));
                }
                set(command, field, word);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void set(Action command, Field field, String value) throws IllegalAccessException {
        field.setAccessible(true);
        Class<?> type = field.getType();
        Object converted;
        if (List.class.isAssignableFrom(type)) {
            List<Object> values = (List<Object>) field.get(command);
            values = values == null ? new ArrayList<>() : new ArrayList<>(values);
            Class<?> element = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
            values.add(convert(element, value));
            converted = values;
        } else {
            converted = convert(type, value);
        }
        field.set(command, converted);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Class<?> type, String value) {
        if (type == String.class) {
            return value;
        }
        if (type == long.class || type == Long.class) {
            return Long.valueOf(value);
        }
        if (type == int.class || type == Integer.class) {
            return Integer.valueOf(value);
        }
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.valueOf(value);
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<Enum>) type, value);
        }
        throw new IllegalArgumentException("cannot convert to " + type);
    }

    /**
     * Every class of the bundle annotated {@code @Command(scope = "haven")}, by name: the classes under the folder (or
     * jar) HavenCommand was loaded from, as Karaf scans the bundle ({@code Karaf-Commands: *}).
     */
    static Map<String, Class<? extends Action>> havenCommands() throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path classes = Path.of(HavenCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Class<? extends Action>> found = new LinkedHashMap<>();
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(classes::relativize).map(Path::toString).filter(p -> p.endsWith(".class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace(java.io.File.separatorChar, '.'))
                    .sorted().toList();
        }
        for (String name : names) {
            Class<?> c = Class.forName(name, false, HavenCommand.class.getClassLoader());
            Command command = c.getAnnotation(Command.class);
            if (command != null && command.scope().equals("haven")) {
                assertThat(Action.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()))
                        .as(name + " is a command Karaf can run").isTrue();
                assertThat(found.put(command.name(), c.asSubclass(Action.class))).as("two classes named " + command.name())
                        .isNull();
            }
        }
        return found;
    }
}
