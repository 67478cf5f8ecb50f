package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.haven.api.model.AuditEntry;
import io.haven.api.model.AuditQuery;
import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.service.AuditService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The same ground through the haven: shell commands, as an operator types them. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ShellIT extends HavenTestSupport {

    private static final String SECRET = "Shell-Secret-42";

    @Test
    public void anOperatorBacksUpAnInstanceFromTheShell() throws Exception {
        Ec2Client ec2 = Emulator.ec2("us-east-1");
        String instance = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();

        String types = shell("haven:target-types");
        assertTrue(types, types.contains("ec2-instance") && types.contains("ebs-volume"));

        String added = shell("haven:account-add --auth keys --access-key test --secret-key " + SECRET
                + " --endpoint " + Emulator.endpoint() + " lab");
        assertFalse(added, added.contains("Error"));
        assertTrue(shell("haven:account-list"), shell("haven:account-list").contains("123456789012"));
        assertFalse("the secret never shows", shell("haven:account-list").contains(SECRET));
        assertTrue(shell("haven:account-discover --type ec2-instance --region us-east-1 lab").contains(instance));

        assertFalse(shell("haven:schedule-add --every 1 --unit days --start 2030-01-01T03:00 nightly").contains("Error"));
        assertFalse(shell("haven:policy-add --account lab --schedule nightly --generations 2 servers").contains("Error"));
        String bad = shell("haven:policy-add --account lab --generations 0 broken");
        assertTrue(bad, bad.contains("Error: generations"));
        assertFalse(shell("haven:policy-list").contains("broken"));

        assertFalse(shell("haven:policy-target-add --type ec2-instance --region us-east-1 servers " + instance)
                .contains("Error"));
        Matcher id = Pattern.compile("(\\d+)").matcher(shell("haven:policy-run servers"));
        assertTrue(id.find());
        String backupId = id.group(1);
        eventually("the backup succeeds", Duration.ofSeconds(60),
                () -> shell("haven:backup-show " + backupId).contains("SUCCESSFUL"));
        String log = shell("haven:backup-log " + backupId);
        assertTrue(log, log.contains("Completed ebs-snapshot"));
        assertTrue(shell("haven:backup-list --policy servers").contains(backupId));
        String dashboard = shell("haven:dashboard");
        assertTrue(dashboard, dashboard.contains("Protected resources: 1") && dashboard.contains("ec2-instance in lab: 1")
                && dashboard.contains("in_progress 0 successful 1 partially_successful 0"));
        String panel = shell("haven:recovery-panel " + backupId);
        assertTrue(panel, panel.contains(instance) && !panel.contains("Error"));

        String missing = shell("haven:backup-show 999999");
        assertEquals(missing, 1, missing.strip().lines().count());
        assertTrue(missing, missing.startsWith("Error:"));

        // The audit log has each change as typed, how it ended, and never a secret; reads are not in it
        List<AuditEntry> audit = service(AuditService.class).list(Caller.of(new User(1, "root", UserType.ROOT, null)),
                AuditQuery.latest(1000)).items();
        AuditEntry account = audit.stream().filter(e -> e.operation().endsWith(" lab")).findFirst().orElseThrow();
        assertEquals("haven:account-add", account.event());
        assertTrue(account.operation(), account.operation().startsWith("haven:account-add --auth keys --type backup --access-key test --secret-key *** --endpoint "));
        assertEquals(AuditService.SUCCEEDED, account.outcome());
        assertEquals("shell", account.channel());
        AuditEntry broken = audit.stream().filter(e -> e.operation().endsWith(" broken")).findFirst().orElseThrow();
        assertTrue(broken.outcome(), broken.outcome().startsWith("failed: generations"));
        assertTrue(audit.stream().anyMatch(e -> e.operation().equals("haven:policy-run servers")));
        assertFalse(audit.stream().anyMatch(e -> e.event().equals("haven:account-list") || e.event().equals("haven:backup-show")));
        assertFalse(audit.toString().contains(SECRET));
        String listed = shell("haven:audit --limit 5");
        assertTrue(listed, listed.contains("haven:policy-run") && listed.contains("succeeded"));
    }

    @Test
    public void noSecretReachesTheLog() throws Exception {
        shell("haven:account-add --auth keys --access-key test --secret-key " + SECRET + "-2 --endpoint "
                + Emulator.endpoint() + " second");
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        assertFalse(Files.readString(log).contains(SECRET));
    }
}
