package io.haven.core.report;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Caller;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.report.Report;
import io.haven.api.report.ReportFilter;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Artifact;
import io.haven.api.target.TargetSpec;
import io.haven.core.TestStores;
import io.haven.store.BackupRepository;
import io.haven.store.HavenStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The reports' rule (whose data a caller gets), their filters and their columns, over a real store. */
class ReportServiceImplTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final HavenStore store = TestStores.fresh();
    private final io.haven.core.audit.AuditServiceImpl audit = new io.haven.core.audit.AuditServiceImpl(store,
            Clock.fixed(T0, ZoneOffset.UTC), java.time.Duration.ofDays(30));
    private final ReportServiceImpl reports = new ReportServiceImpl(store, audit, Clock.fixed(T0, ZoneOffset.UTC));

    private final Caller bob = user("bob", UserType.INDEPENDENT, null);
    private final Caller carol = user("carol", UserType.MANAGED, bob.user().id());
    private final Caller dave = user("dave", UserType.INDEPENDENT, null);
    private final Caller mallory = user("mallory", UserType.MANAGED, ROOT.user().id());

    @Test
    void theAuditReportHoldsWhatTheCallerMayReadOfTheLogNewestFirst() throws IOException {
        audit.record(carol, "POST /policies", "POST /api/v1/policies", "succeeded");
        audit.record(dave, "DELETE /accounts/{id}", "DELETE /api/v1/accounts/4", "failed: 404 not found");
        audit.record(bob, "PUT /policies/{id}", "=HYPERLINK(\"x\")", "succeeded");

        List<CSVRecord> bobs = parse(reports.audit(bob, null, null, null));
        assertThat(bobs.get(0).toMap().keySet()).containsExactlyElementsOf(ReportServiceImpl.AUDIT_COLUMNS);
        assertThat(bobs).extracting(r -> r.get("User")).containsExactly("bob", "carol");
        assertThat(bobs.get(0).get("Operation")).as("a formula is made inert").isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(bobs.get(1).get("Event Type")).isEqualTo("POST /policies");
        assertThat(bobs.get(1).get("Timestamp")).isEqualTo(T0.toString());
        assertThat(parse(reports.audit(ROOT, null, null, null))).hasSize(3);
        assertThat(parse(reports.audit(ROOT, dave.user().id(), null, null))).singleElement()
                .satisfies(r -> assertThat(r.get("Outcome")).isEqualTo("failed: 404 not found"));
        assertThatThrownBy(() -> reports.audit(bob, dave.user().id(), null, null))
                .isInstanceOf(io.haven.api.service.NotFoundException.class);
        assertThatThrownBy(() -> reports.audit(bob, null, T0, T0.minusSeconds(1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void theBackupViewHasTheGuidesColumnsAndOneRowPerBackup() throws IOException {
        long account = account(carol, "carol-aws");
        long policy = policy(carol, "carol-web", account);
        long first = backup(policy, account, "carol-web", 1, T0, BackupStatus.FAILED);
        long retry = backup(policy, account, "carol-web", 2, T0.plusSeconds(600), BackupStatus.SUCCESSFUL);
        store.backups().markDeleted(first, T0.plusSeconds(3600));
        store.backups().setDrStatus(retry, io.haven.api.model.DrStatus.COMPLETED, null);

        Report report = reports.backups(carol, ReportFilter.all());
        List<CSVRecord> rows = parse(report);

        assertThat(report.fileName()).isEqualTo("haven-backups-20260301T100000Z.csv");
        assertThat(header(report)).containsExactly("Backup ID", "User", "Account", "Policy", "Status", "DR Status",
                "Start Time", "End Time", "Is Retry", "Marked for Deletion");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).containsExactly(String.valueOf(first), "carol", "carol-aws", "carol-web",
                "FAILED", "", "2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z", "No", "Yes");
        assertThat(rows.get(1).values()).containsExactly(String.valueOf(retry), "carol", "carol-aws", "carol-web",
                "SUCCESSFUL", "COMPLETED", "2026-03-01T10:10:00Z", "2026-03-01T10:15:00Z", "Yes", "No");
    }

    @Test
    void theSnapshotViewHasTheGuidesColumnsAndKeepsDeletedSnapshotsSucceeded() throws IOException {
        long account = account(carol, "carol-aws");
        long policy = policy(carol, "carol-web", account);
        long backup = backup(policy, account, "carol-web", 1, T0, BackupStatus.SUCCESSFUL);
        long fromInstance = artifact(backup, "ec2-instance", "i-1",
                new Artifact("ebs-snapshot", "snap-1", "us-east-1", "vol-1", Map.of("volumeId", "vol-1", "instanceId", "i-1")));
        long volume = artifact(backup, "ebs-volume", "vol-2",
                new Artifact("ebs-snapshot", "snap-2", "eu-west-1", "vol-2", Map.of()));
        long failed = artifact(backup, "rds-instance", "db-1",
                new Artifact("rds-snapshot", "rds:db-1-x", "us-east-1", "db-1", Map.of()));
        store.backups().setArtifactState(fromInstance, BackupRepository.COMPLETED, T0.plusSeconds(60));
        store.backups().setArtifactState(volume, BackupRepository.COMPLETED, T0.plusSeconds(90));
        store.backups().setArtifactState(volume, BackupRepository.DELETED, T0.plusSeconds(7200));
        store.backups().setArtifactState(failed, BackupRepository.FAILED, T0.plusSeconds(120));

        Report report = reports.snapshots(carol, ReportFilter.all());
        List<CSVRecord> rows = parse(report);

        assertThat(header(report)).containsExactly("Backup ID", "Account", "Region", "Type", "Volume/DB", "Instance",
                "Snapshot ID", "Succeeded", "Start Time", "End Time", "Deleted At");
        String id = String.valueOf(backup);
        assertThat(rows).extracting(CSVRecord::values).containsExactly(
                new String[] {id, "carol-aws", "us-east-1", "ebs-snapshot", "vol-1", "i-1", "snap-1", "Yes",
                        "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z", "N/A"},
                new String[] {id, "carol-aws", "eu-west-1", "ebs-snapshot", "vol-2", "None", "snap-2", "Yes",
                        "2026-03-01T10:00:00Z", "2026-03-01T10:01:30Z", "2026-03-01T12:00:00Z"},
                new String[] {id, "carol-aws", "us-east-1", "rds-snapshot", "db-1", "None", "rds:db-1-x", "No",
                        "2026-03-01T10:00:00Z", "", "N/A"});
    }

    @Test
    void disasterRecoveryCopiesMadeInAwsFollowAsCopyRows() throws IOException {
        long account = account(carol, "carol-aws");
        long policy = policy(carol, "carol-web", account);
        long backup = backup(policy, account, "carol-web", 1, T0, BackupStatus.SUCCESSFUL);
        long fromInstance = artifact(backup, "ec2-instance", "i-1",
                new Artifact("ebs-snapshot", "snap-1", "us-east-1", "vol-1", Map.of("volumeId", "vol-1", "instanceId", "i-1")));
        store.backups().setArtifactState(fromInstance, BackupRepository.COMPLETED, T0.plusSeconds(60));
        store.copies().plan(backup, account, List.of(
                new io.haven.store.CopyRepository.Planned(fromInstance, "ec2-instance", "ebs-snapshot", "snap-1", "us-east-1",
                        "us-west-2"),
                new io.haven.store.CopyRepository.Planned(fromInstance, "ec2-instance", "ebs-snapshot", "snap-1", "us-east-1",
                        "eu-central-1")), T0.plusSeconds(60));
        var copies = store.copies().ofBackup(backup);
        long west = copies.stream().filter(c -> c.view().region().equals("us-west-2")).findFirst().orElseThrow().id();
        store.copies().starting(west);
        store.copies().started(west, new Artifact("ebs-snapshot", "snap-copy-1", "us-west-2", "vol-1", Map.of()));
        store.copies().setState(west, io.haven.store.CopyRepository.COMPLETED, null, T0.plusSeconds(300));

        List<CSVRecord> rows = parse(reports.snapshots(carol, ReportFilter.all()));

        String id = String.valueOf(backup);
        assertThat(rows).extracting(CSVRecord::values).containsExactly(
                new String[] {id, "carol-aws", "us-east-1", "ebs-snapshot", "vol-1", "i-1", "snap-1", "Yes",
                        "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z", "N/A"},
                // the copy still waiting to start (eu-central-1) has no snapshot in AWS yet, so no row
                new String[] {id, "carol-aws", "us-west-2", "ebs-snapshot-copy", "vol-1", "i-1", "snap-copy-1", "Yes",
                        "2026-03-01T10:01:00Z", "2026-03-01T10:05:00Z", "N/A"});
    }

    @Test
    void aCallerSeesItsWorldAndItsManagedUsersAndRootSeesNoIndependentUsersData() throws IOException {
        long carols = backup(carol, "carol-web");
        long bobs = backup(bob, "bob-web");
        long daves = backup(dave, "dave-web");
        long malloryS = backup(mallory, "mallory-web");
        long roots = backup(ROOT, "root-web");

        assertThat(ids(reports.backups(carol, ReportFilter.all()))).containsExactly(carols);
        assertThat(ids(reports.backups(bob, ReportFilter.all()))).containsExactly(carols, bobs);
        assertThat(ids(reports.backups(dave, ReportFilter.all()))).containsExactly(daves);
        assertThat(ids(reports.backups(ROOT, ReportFilter.all())))
                .as("root's reports hold its managed users' data (guide 15.6), not independent users'")
                .containsExactly(malloryS, roots);
        assertThat(parse(reports.backups(bob, ReportFilter.all()))).extracting(r -> r.get("User"))
                .containsExactly("carol", "bob");
    }

    @Test
    void filtersNarrowByUserAccountPolicyAndStartTime() throws IOException {
        long account = account(bob, "bob-aws");
        long other = account(bob, "bob-aws-2");
        long web = policy(bob, "bob-web", account);
        long db = policy(bob, "bob-db", other);
        long early = backup(web, account, "bob-web", 1, T0, BackupStatus.SUCCESSFUL);
        long late = backup(web, account, "bob-web", 1, T0.plusSeconds(3600), BackupStatus.SUCCESSFUL);
        long otherAccount = backup(db, other, "bob-db", 1, T0.plusSeconds(1800), BackupStatus.SUCCESSFUL);
        long carols = backup(carol, "carol-web");

        assertThat(ids(reports.backups(bob, new ReportFilter(carol.user().id(), null, null, null, null))))
                .containsExactly(carols);
        assertThat(ids(reports.backups(bob, new ReportFilter(null, other, null, null, null))))
                .containsExactly(otherAccount);
        assertThat(ids(reports.backups(bob, new ReportFilter(null, null, web, null, null))))
                .containsExactly(early, late);
        assertThat(ids(reports.backups(bob, new ReportFilter(bob.user().id(), null, null, T0.plusSeconds(1),
                T0.plusSeconds(3600))))).as("from inclusive, to exclusive").containsExactly(otherAccount);
        assertThat(ids(reports.snapshots(bob, new ReportFilter(null, null, web, null, null)))).isEmpty();
    }

    @Test
    void aFilterNamingWhatTheCallerDoesNotSeeIsRefusedNamingTheField() {
        long daves = account(dave, "dave-aws");
        long davesPolicy = policy(dave, "dave-web", daves);

        assertRefused(() -> reports.backups(bob, new ReportFilter(dave.user().id(), null, null, null, null)), "userId");
        assertRefused(() -> reports.snapshots(bob, new ReportFilter(null, daves, null, null, null)), "accountId");
        assertRefused(() -> reports.backups(bob, new ReportFilter(null, null, davesPolicy, null, null)), "policyId");
        assertRefused(() -> reports.backups(ROOT, new ReportFilter(bob.user().id(), null, null, null, null)), "userId");
        assertRefused(() -> reports.backups(bob, new ReportFilter(null, null, null, T0, T0)), "to");
    }

    @Test
    void usageCountsAccountsInstancesAndNonInstanceStoragePerUser() throws IOException {
        long account = account(bob, "bob-aws");
        account(bob, "bob-aws-2");
        long web = policy(bob, "bob-web", account);
        long db = policy(bob, "bob-db", account);
        store.policies().addTarget(web, new TargetSpec("ec2-instance", "us-east-1", "i-1", Map.of()));
        store.policies().addTarget(db, new TargetSpec("ec2-instance", "us-east-1", "i-1", Map.of()));
        store.policies().addTarget(web, new TargetSpec("ebs-volume", "us-east-1", "vol-1", Map.of()));
        store.policies().addTarget(db, new TargetSpec("aurora-cluster", "us-east-1", "c-1", Map.of()));
        long older = backup(web, account, "bob-web", 1, T0, BackupStatus.SUCCESSFUL);
        long newer = backup(web, account, "bob-web", 1, T0.plusSeconds(60), BackupStatus.SUCCESSFUL);
        completed(older, "ebs-volume", "vol-1", new Artifact("ebs-snapshot", "snap-a", "us-east-1", "vol-1",
                Map.of("sizeGiB", "8")));
        completed(newer, "ebs-volume", "vol-1", new Artifact("ebs-snapshot", "snap-b", "us-east-1", "vol-1",
                Map.of("sizeGiB", "100")));
        completed(newer, "aurora-cluster", "c-1", new Artifact("aurora-snapshot", "c-1-snap", "us-east-1", "c-1",
                Map.of("billedGiB", "20", "sizeGiB", "1")));

        List<CSVRecord> mine = parse(reports.usage(bob, false));
        assertThat(mine).extracting(CSVRecord::values).containsExactly(
                new String[] {"bob", "2", "1", "2", "120"});

        List<CSVRecord> all = parse(reports.usage(ROOT, true));
        assertThat(all).extracting(r -> r.get("User")).containsExactly("root", "bob", "carol", "dave", "mallory");
        assertThat(all.get(1).values()).containsExactly("bob", "2", "1", "2", "120");
        assertThat(all.get(3).values()).containsExactly("dave", "0", "0", "0", "0");
        assertThatThrownBy(() -> reports.usage(bob, true)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void valuesAreQuotedByTheCsvLibrary() throws IOException {
        long account = account(carol, "carol, \"prod\"\naws");
        long policy = policy(carol, "carol-web", account);
        backup(policy, account, "carol-web", 1, T0, BackupStatus.SUCCESSFUL);

        String text = text(reports.backups(carol, ReportFilter.all()));

        assertThat(text).contains("\"carol, \"\"prod\"\"\naws\"").endsWith("\r\n");
        assertThat(parse(reports.backups(carol, ReportFilter.all())).get(0).get("Account"))
                .isEqualTo("carol, \"prod\"\naws");
    }

    @Test
    void namesThatASpreadsheetWouldRunAsFormulasAreMadeInert() throws IOException {
        long account = account(carol, "@SUM(A1)");
        long policy = policy(carol, "=HYPERLINK(\"http://x\")", account);
        long backup = backup(policy, account, "=HYPERLINK(\"http://x\")", 1, T0, BackupStatus.SUCCESSFUL);
        artifact(backup, "ebs-volume", "vol-1",
                new Artifact("ebs-snapshot", "snap-9", "us-east-1", "vol-1", Map.of()));

        CSVRecord row = parse(reports.backups(carol, ReportFilter.all())).get(0);
        assertThat(row.get("Account")).isEqualTo("'@SUM(A1)");
        assertThat(row.get("Policy")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(parse(reports.snapshots(carol, ReportFilter.all())).get(0).get("Account")).isEqualTo("'@SUM(A1)");
    }

    /** Guide 14.3, "Permission Summary": the account's permission check, one row per feature and action. */
    @Test
    void thePermissionSummaryHasOneRowPerFeatureAndActionFromTheAccountsPermissionCheck() throws IOException {
        long account = account(carol, "carol-prod");
        List<Object> asked = new java.util.ArrayList<>();
        reports.permissionCheck((caller, accountId, region) -> {
            asked.add(caller);
            asked.add(accountId);
            asked.add(region);
            return new io.haven.api.permission.PermissionReport(accountId, "=carol-prod", "eu-west-1",
                    "arn:aws:iam::123456789012:user/haven", io.haven.api.permission.PermissionReport.PROBES,
                    "no simulation", T0, List.of(
                    new io.haven.api.permission.FeatureCheck("ebs-volume.backup", "Back up EBS volumes", true,
                            List.of("ec2:DescribeVolumes"), List.of("ec2:CreateSnapshot"), List.of("ec2:CreateTags")),
                    new io.haven.api.permission.FeatureCheck("ebs-volume.recovery", "Recover EBS volumes", false,
                            List.of("ec2:CreateVolume"), List.of(), List.of())));
        });

        Report report = reports.permissions(carol, account, "eu-west-1");

        assertThat(asked).containsExactly(carol, account, "eu-west-1");
        assertThat(report.fileName()).isEqualTo("haven-permissions-account-" + account + "-20260301T100000Z.csv");
        List<CSVRecord> rows = parse(report);
        assertThat(rows.get(0).toMap().keySet()).containsExactlyElementsOf(PermissionSummary.COLUMNS);
        assertThat(rows).extracting(r -> r.get("Feature ID") + " " + r.get("Action") + " " + r.get("Result")
                + " " + r.get("Needed")).containsExactly(
                "ebs-volume.backup ec2:CreateSnapshot missing for backup",
                "ebs-volume.backup ec2:CreateTags unchecked for backup",
                "ebs-volume.backup ec2:DescribeVolumes allowed for backup",
                "ebs-volume.recovery ec2:CreateVolume allowed when used");
        assertThat(rows.get(0).values()).startsWith("'=carol-prod", "arn:aws:iam::123456789012:user/haven", "eu-west-1",
                "probes", T0.toString(), "ebs-volume.backup", "Back up EBS volumes");
    }

    @Test
    void thePermissionSummaryIsRefusedAsTheCheckIsBeforeAnythingIsWritten() {
        reports.permissionCheck((caller, accountId, region) -> {
            throw new io.haven.api.service.NotFoundException("Account", accountId);
        });
        assertThatThrownBy(() -> reports.permissions(dave, 42, null))
                .isInstanceOf(io.haven.api.service.NotFoundException.class);

        reports.permissionCheck(null);
        assertThatThrownBy(() -> reports.permissions(carol, 1, null))
                .isInstanceOf(io.haven.api.service.ConflictException.class);
    }

    private void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private Caller user(String name, UserType type, Long managerId) {
        long id = store.users().insert(name, "$argon2id$unused", type, managerId, null);
        return Caller.of(new User(id, name, type, managerId));
    }

    private long account(Caller owner, String name) {
        return store.accounts().insert(owner.user().id(), new Account(0, name, AuthMethod.INSTANCE_ROLE,
                "123456789012", null, null, null, null, null, null, Instant.now()), null).id();
    }

    private long policy(Caller owner, String name, long account) {
        return store.policies().insert(owner.user().id(), new PolicySpec(name, account, null, true, 3, List.of(), 0, 0));
    }

    private long backup(Caller owner, String policyName) {
        long account = account(owner, policyName + "-" + UUID.randomUUID());
        return backup(policy(owner, policyName, account), account, policyName, 1, T0, BackupStatus.SUCCESSFUL);
    }

    private long backup(long policy, long account, String name, int attempt, Instant start, BackupStatus status) {
        long id = store.backups().start(policy, account, name, BackupTrigger.MANUAL, attempt, start).orElseThrow();
        store.backups().finish(id, status, null, start.plusSeconds(300));
        return id;
    }

    private long artifact(long backup, String targetType, String targetResource, Artifact artifact) {
        store.backups().addArtifact(backup, targetType, targetResource, artifact, T0);
        return store.backups().artifacts(backup).stream().filter(a -> a.view().awsId().equals(artifact.id()))
                .findFirst().orElseThrow().id();
    }

    private void completed(long backup, String targetType, String targetResource, Artifact artifact) {
        store.backups().setArtifactState(artifact(backup, targetType, targetResource, artifact),
                BackupRepository.COMPLETED, T0);
    }

    private static List<Long> ids(Report report) throws IOException {
        return parse(report).stream().map(r -> Long.parseLong(r.get("Backup ID"))).toList();
    }

    static List<String> header(Report report) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(text(report))).getHeaderNames();
    }

    static String text(Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<CSVRecord> parse(Report report) throws IOException {
        String text = text(report);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
        return records;
    }
}
