package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Two independent users, each with an account on the emulator, a policy and a backup, through the distribution:
 * neither sees the other's accounts, policies or backups; a managed user's world is seen by its manager only;
 * root manages the users without seeing their worlds, and deleting a user removes its records but leaves its
 * snapshot in AWS, named in the answer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class UsersIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";
    private static final String PASSWORD = "a long enough password 1";

    /** Guide 16.4: a delegate signs in with its own password, sees its principal's world, changes what it may. */
    @Test
    public void aDelegateActsInItsPrincipalsWorldWithinItsPermissions() {
        HavenClient root = rest();
        long novaId = createUser(root, Map.of("username", "nova", "password", PASSWORD, "type", "INDEPENDENT"));
        HavenClient nova = HavenClient.basic("nova", PASSWORD);
        World novas = world(nova, "nova");
        HavenClient.Response added = nova.post("/users/" + novaId + "/delegates", Map.of("username", "nova-ops",
                "password", PASSWORD));
        assertEquals(added.body(), 201, added.status());
        long delegateId = added.json().get("id").asLong();
        assertEquals("view only by default", false, added.json().get("permissions").get("changeBackups").asBoolean());
        HavenClient ops = HavenClient.basic("nova-ops", PASSWORD);

        assertEquals("it sees nova's policies", 1, ops.get("/policies").json().size());
        assertEquals(200, ops.get("/backups/" + novas.backup).status());
        HavenClient.Response refused = ops.post("/policies/" + novas.policy + "/run", "");
        assertEquals(refused.body(), 403, refused.status());
        assertTrue(refused.body(), refused.body().contains("allow backup changes"));
        assertEquals("never notification settings", 403, ops.post("/notifiers", Map.of("name", "n", "type", "webhook",
                "settings", Map.of("url", "https://example.com/hook"))).status());
        assertEquals("delegates manage no users", 403, ops.get("/users").status());

        assertEquals(200, nova.put("/delegates/" + delegateId, Map.of("recover", false, "changeAccounts", false,
                "changeBackups", true)).status());
        JsonNode run = runToEnd(ops, novas.policy);
        assertEquals(run.toString(), "SUCCESSFUL", run.get("status").asText());
        JsonNode audit = nova.get("/audit?limit=100").json().get("items");
        boolean recorded = false;
        for (JsonNode entry : audit) {
            recorded |= "nova-ops".equals(entry.path("delegate").asText()) && entry.get("operation").asText()
                    .equals("POST /api/v1/policies/" + novas.policy + "/run");
        }
        assertTrue("nova's audit log names the delegate: " + audit, recorded);
        assertTrue(shell("haven:delegate-list " + novaId).contains("view and backup changes"));

        assertEquals(204, nova.delete("/delegates/" + delegateId).status());
        assertEquals("a removed delegate signs in no more", 401, ops.get("/policies").status());
    }

    @Test
    public void independentUsersLiveInSeparateWorldsAndRootManagesThem() {
        HavenClient root = rest();
        long acmeId = createUser(root, Map.of("username", "acme", "password", PASSWORD, "type", "INDEPENDENT"));
        long zenithId = createUser(root, Map.of("username", "zenith", "password", PASSWORD, "type", "INDEPENDENT"));
        HavenClient acme = HavenClient.basic("acme", PASSWORD);
        HavenClient zenith = HavenClient.basic("zenith", PASSWORD);
        long webId = createUser(acme, Map.of("username", "acme-web", "password", PASSWORD, "type", "MANAGED"));
        HavenClient web = HavenClient.basic("acme-web", PASSWORD);
        assertEquals("a managed user manages nobody", 403, web.post("/users", Map.of("username", "x",
                "password", PASSWORD, "type", "MANAGED")).status());

        World acmes = world(acme, "acme");
        World zeniths = world(zenith, "zenith");
        World webs = world(web, "acme-web");

        for (String list : List.of("/accounts", "/policies")) {
            assertEquals(list, 1, zenith.get(list).json().size());
            assertEquals(list + ": acme sees its own and its managed user's", 2, acme.get(list).json().size());
            assertEquals(list, 1, web.get(list).json().size());
            assertEquals(list + ": root sees no independent user's world", 0, root.get(list).json().size());
        }
        assertEquals(1, zenith.get("/backups").json().get("total").asInt());
        assertEquals(2, acme.get("/backups").json().get("total").asInt());
        for (String path : List.of("/accounts/" + acmes.account, "/policies/" + acmes.policy, "/backups/" + acmes.backup,
                "/policies/" + webs.policy)) {
            assertEquals(path + " as zenith", 404, zenith.get(path).status());
            assertEquals(path + " as root", 404, root.get(path).status());
        }
        assertEquals(200, acme.get("/backups/" + webs.backup).status());
        assertEquals(404, web.get("/policies/" + acmes.policy).status());
        HavenClient.Response crossWorld = zenith.post("/policies", Map.of("name", "steal", "accountId", acmes.account,
                "generations", 1));
        assertEquals(crossWorld.body(), 400, crossWorld.status());
        assertEquals("accountId", crossWorld.json().get("field").asText());

        JsonNode users = root.get("/users").json();
        assertEquals(4, users.size());
        assertEquals(404, acme.get("/users/" + zenithId).status());
        assertEquals(200, acme.get("/users/" + webId).status());
        assertTrue(shell("haven:user-list").contains("acme-web"));

        HavenClient.Response deleted = root.delete("/users/" + zenithId);
        assertEquals(deleted.body(), 200, deleted.status());
        assertEquals(1, deleted.json().get("backups").asInt());
        String snapshot = deleted.json().get("artifactsLeft").get(0).get("awsId").asText();
        Ec2Client ec2 = Emulator.ec2(REGION);
        assertEquals("the snapshot stays in AWS", 1, ec2.describeSnapshots(r -> r.snapshotIds(snapshot)).snapshots().size());
        assertEquals(401, zenith.get("/accounts").status());
        assertEquals(3, root.get("/users").json().size());
        assertEquals("acme still manages acme-web", 409, root.delete("/users/" + acmeId).status());
    }

    /**
     * Guide 16.2: root gives a user resource limits, the user sees them in its profile, and a target beyond them is
     * refused through REST with a 400 naming the limit, against instances on the emulator.
     */
    @Test
    public void aTargetBeyondTheUsersInstanceLimitIsRefusedNamingTheLimit() {
        HavenClient root = rest();
        long id = createUser(root, Map.of("username", "limited", "password", PASSWORD, "type", "INDEPENDENT",
                "limits", Map.of("maxInstances", 1)));
        HavenClient limited = HavenClient.basic("limited", PASSWORD);
        assertEquals(id, limited.get("/session").json().get("userId").asLong());
        JsonNode profile = limited.get("/users/" + id).json();
        assertEquals(profile.toString(), 1, profile.get("limits").get("maxInstances").asInt());
        assertTrue(profile.toString(), profile.get("limits").get("maxEbsGiB").isNull());

        long account = addEmulatorAccount(limited);
        Ec2Client ec2 = Emulator.ec2(REGION);
        List<String> instances = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(2)
                .maxCount(2)).instances().stream().map(i -> i.instanceId()).toList();
        HavenClient.Response policy = limited.post("/policies", Map.of("name", "limited-policy", "accountId", account,
                "generations", 1));
        assertEquals(policy.body(), 201, policy.status());
        String targets = "/policies/" + policy.json().get("id").asLong() + "/targets";
        HavenClient.Response first = limited.post(targets, Map.of("type", "ec2-instance", "region", REGION,
                "resourceId", instances.get(0)));
        assertEquals(first.body(), 201, first.status());

        HavenClient.Response second = limited.post(targets, Map.of("type", "ec2-instance", "region", REGION,
                "resourceId", instances.get(1)));
        assertEquals(second.body(), 400, second.status());
        assertEquals("limits.maxInstances", second.json().get("field").asText());
        assertEquals("limit maxInstances: 1 protected + 1 added > 1", second.json().get("detail").asText());
        assertEquals("nothing was stored", 1, limited.get(targets).json().size());
        assertEquals("a user does not change its own limits", 404, limited.put("/users/" + id,
                Map.of("limits", Map.of())).status());

        HavenClient.Response raised = root.put("/users/" + id, Map.of("limits", Map.of("maxInstances", 2)));
        assertEquals(raised.body(), 200, raised.status());
        assertEquals(201, limited.post(targets, Map.of("type", "ec2-instance", "region", REGION, "resourceId",
                instances.get(1))).status());
        assertTrue(shell("haven:user-list").contains("instances 2"));
    }

    private record World(long account, long policy, long backup) {
    }

    /** An account on the emulator, a policy with one volume, and a finished backup of it, as the user. */
    private static World world(HavenClient user, String name) {
        long account = addEmulatorAccount(user);
        Ec2Client ec2 = Emulator.ec2(REGION);
        String volume = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
        HavenClient.Response policy = user.post("/policies", Map.of("name", name + "-policy", "accountId", account,
                "generations", 2));
        assertEquals(policy.body(), 201, policy.status());
        long policyId = policy.json().get("id").asLong();
        assertEquals(201, user.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                "resourceId", volume)).status());
        JsonNode backup = runToEnd(user, policyId);
        assertEquals(backup.toString(), "SUCCESSFUL", backup.get("status").asText());
        return new World(account, policyId, backup.get("id").asLong());
    }

    private static long createUser(HavenClient manager, Map<String, Object> body) {
        HavenClient.Response created = manager.post("/users", body);
        assertEquals(created.body(), 201, created.status());
        return created.json().get("id").asLong();
    }
}
