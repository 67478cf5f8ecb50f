package io.haven.shell.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.AuthMethod;
import io.haven.api.target.Resource;
import io.haven.shell.testing.Completions;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeAccounts;
import io.haven.shell.testing.FakeSession;
import io.haven.shell.testing.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountCommandsTest {

    private static final String NL = System.lineSeparator();

    private final FakeAccounts accounts = new FakeAccounts();

    @Test
    void listShowsEveryAccountInAnAlignedTableWithoutSecrets() throws Exception {
        Account prod = accounts.add("prod", AuthMethod.ACCESS_KEYS);
        accounts.create(null, new AccountDraft("partner", AuthMethod.ASSUME_ROLE, null, null, prod.id(), "210987654321",
                "haven-backup", "ext-1", "http://127.0.0.1:5000"));
        AccountListCommand list = new AccountListCommand();
        list.accounts = accounts;

        Console.Run run = Console.execute(list);

        List<Map<String, String>> rows = Table.rows(run.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("ID", "1").containsEntry("Name", "prod").containsEntry("Auth", "keys")
                .containsEntry("AWS account", "123456789012").containsEntry("Access key", "AKIAEXAMPLE");
        assertThat(rows.get(1)).containsEntry("Name", "partner").containsEntry("Auth", "assume-role")
                .containsEntry("Role", "arn:aws:iam::210987654321:role/haven-backup").containsEntry("Via", "prod")
                .containsEntry("Endpoint", "http://127.0.0.1:5000");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anEmptyListSaysHowToAddOne() throws Exception {
        AccountListCommand list = new AccountListCommand();
        list.accounts = accounts;
        assertThat(Console.execute(list).out()).contains("No accounts yet; add one with haven:account-add");
    }

    @Test
    void addingWithKeysAsksForTheSecretWithoutEchoingIt() throws Exception {
        FakeSession session = FakeSession.withAnswer("s3cr3t-key");
        AccountAddCommand add = add("prod");
        add.session = session.session();
        add.accessKey = "AKIAEXAMPLE";

        Console.Run run = Console.execute(add);

        assertThat(session.prompts()).containsExactly(new FakeSession.Prompt("Secret access key: ", '*'));
        assertThat(accounts.lastDraft.authMethod()).isEqualTo(AuthMethod.ACCESS_KEYS);
        assertThat(accounts.lastDraft.secretAccessKey()).isEqualTo("s3cr3t-key");
        assertThat(run.out()).isEqualTo("Added account 1 (prod), AWS account 123456789012" + NL);
        assertThat(run.out() + run.err()).doesNotContain("s3cr3t-key");
    }

    @Test
    void aSecretGivenAsOptionIsNotAskedFor() throws Exception {
        FakeSession session = FakeSession.withAnswer("never used");
        AccountAddCommand add = add("prod");
        add.session = session.session();
        add.accessKey = "AKIAEXAMPLE";
        add.secretKey = "given";

        Console.execute(add);

        assertThat(session.prompts()).isEmpty();
        assertThat(accounts.lastDraft.secretAccessKey()).isEqualTo("given");
    }

    @Test
    void aSecretOnTheCommandLineDoesNotReachTheLogThroughTheThreadName() throws Exception {
        AccountAddCommand add = add("prod");
        add.session = FakeSession.answering("unused");
        add.accessKey = "AKIAEXAMPLE";
        add.secretKey = "wJalrXUtnFEMI";
        Console.Run[] run = new Console.Run[1];
        Thread pipe = new Thread(() -> {
            try {
                run[0] = Console.execute(add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "pipe-haven:account-add --access-key AKIAEXAMPLE --secret-key wJalrXUtnFEMI prod");
        pipe.start();
        pipe.join();

        assertThat(run[0].out()).startsWith("Added account 1 (prod)");
        assertThat(accounts.threadNameDuringCreate)
                .isEqualTo("pipe-haven:account-add --access-key AKIAEXAMPLE --secret-key ******** prod");
    }

    @Test
    void anAssumedRoleNamesTheAccountItGoesThroughByName() throws Exception {
        Account prod = accounts.add("prod", AuthMethod.INSTANCE_ROLE);
        FakeSession session = FakeSession.withAnswer("unused");
        AccountAddCommand add = add("partner");
        add.session = session.session();
        add.auth = "assume-role";
        add.via = "prod";
        add.roleAccount = "210987654321";
        add.roleName = "haven-backup";
        add.externalId = "ext-1";
        add.endpoint = "http://127.0.0.1:5000";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEmpty();
        assertThat(session.prompts()).isEmpty();
        assertThat(accounts.lastDraft).isEqualTo(new AccountDraft("partner", AuthMethod.ASSUME_ROLE, null, null,
                prod.id(), "210987654321", "haven-backup", "ext-1", "http://127.0.0.1:5000",
                io.haven.api.model.AccountType.BACKUP, null));
    }

    /** Guide 3.2.1: a DR account, kept from deleting snapshots, and turned back to deleting. */
    @Test
    void aDrAccountIsAddedWithItsTypeAndMayBeKeptFromDeleting() throws Exception {
        Account prod = accounts.add("prod", AuthMethod.INSTANCE_ROLE);
        AccountAddCommand add = add("vault");
        add.session = FakeSession.withAnswer("unused").session();
        add.auth = "assume-role";
        add.via = "prod";
        add.roleAccount = "210987654321";
        add.roleName = "haven-dr";
        add.type = "dr";
        add.noDelete = true;

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Added DR account").contains("tagged cpm_deleted");
        assertThat(accounts.lastDraft.type()).isEqualTo(io.haven.api.model.AccountType.DR);
        assertThat(accounts.lastDraft.allowDeletingSnapshots()).isFalse();
        assertThat(accounts.lastDraft.viaAccountId()).isEqualTo(prod.id());

        AccountAddCommand bad = add("x");
        bad.session = FakeSession.withAnswer("unused").session();
        bad.auth = "instance-role";
        bad.type = "vault";
        assertThat(Console.execute(bad).err()).contains("type");
    }

    @Test
    void anInstanceRoleNeedsNoKeys() throws Exception {
        AccountAddCommand add = add("local");
        add.session = FakeSession.answering("unused");
        add.auth = "INSTANCE_ROLE";
        Console.Run run = Console.execute(add);
        assertThat(run.out()).startsWith("Added account 1 (local)");
        assertThat(accounts.lastDraft.authMethod()).isEqualTo(AuthMethod.INSTANCE_ROLE);
    }

    @Test
    void anUnknownAuthMethodIsOneErrorLine() throws Exception {
        AccountAddCommand add = add("prod");
        add.session = FakeSession.answering("unused");
        add.auth = "password";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEqualTo("Error: auth: Choose keys, instance-role or assume-role, not 'password'" + NL);
        assertThat(run.out()).isEmpty();
        assertThat(run.result()).isNull();
        assertThat(accounts.accounts).isEmpty();
    }

    @Test
    void rejectedCredentialsAreOneErrorLineThatDoesNotRepeatTheSecret() throws Exception {
        AccountAddCommand add = add("prod");
        add.session = FakeSession.answering(FakeAccounts.REJECTED_SECRET);
        add.accessKey = "AKIAEXAMPLE";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEqualTo("Error: credentials: AWS did not accept the access key" + NL);
        assertThat(accounts.accounts).isEmpty();
    }

    @Test
    void anUnknownViaAccountIsReported() throws Exception {
        AccountAddCommand add = add("partner");
        add.session = FakeSession.answering("unused");
        add.auth = "assume-role";
        add.via = "nobody";
        assertThat(Console.execute(add).err()).isEqualTo("Error: Account nobody does not exist" + NL);
    }

    @Test
    void deleteTakesAnIdOrAName() throws Exception {
        accounts.add("prod", AuthMethod.ACCESS_KEYS);
        accounts.add("test", AuthMethod.ACCESS_KEYS);
        assertThat(Console.execute(delete("test")).out()).isEqualTo("Deleted account 2 (test)" + NL);
        assertThat(Console.execute(delete("1")).out()).isEqualTo("Deleted account 1 (prod)" + NL);
        assertThat(accounts.accounts).isEmpty();
    }

    @Test
    void anAccountInUseIsNotDeleted() throws Exception {
        accounts.add("prod", AuthMethod.ACCESS_KEYS);
        accounts.inUse.add(1L);
        Console.Run run = Console.execute(delete("prod"));
        assertThat(run.err()).isEqualTo("Error: Account 1 is still used by web" + NL);
        assertThat(run.out()).isEmpty();
        assertThat(accounts.accounts).containsKey(1L);
    }

    @Test
    void discoverListsResourcesWithTheirDetailsInAStableOrder() throws Exception {
        accounts.add("prod", AuthMethod.ACCESS_KEYS);
        accounts.resources.add(new Resource("ebs-volume", "vol-1", "eu-west-1", "data", Map.of(),
                Map.of("sizeGiB", "8", "state", "in-use", "zone", "eu-west-1a")));
        accounts.resources.add(new Resource("ec2-instance", "i-1", "eu-west-1", "web", Map.of(), Map.of("state", "running")));
        AccountDiscoverCommand discover = new AccountDiscoverCommand();
        discover.accounts = accounts;
        discover.account = "prod";
        discover.type = "ebs-volume";
        discover.region = "eu-west-1";

        Console.Run run = Console.execute(discover);

        assertThat(accounts.lastDiscovery).containsExactly(1L, "ebs-volume", "eu-west-1");
        assertThat(Table.rows(run.out())).containsExactly(Map.of("Type", "ebs-volume", "Region", "eu-west-1",
                "ID", "vol-1", "Name", "data", "Details", "sizeGiB=8, state=in-use, zone=eu-west-1a"));
    }

    @Test
    void discoverSaysWhenNothingWasFound() throws Exception {
        accounts.add("prod", AuthMethod.ACCESS_KEYS);
        AccountDiscoverCommand discover = new AccountDiscoverCommand();
        discover.accounts = accounts;
        discover.account = "1";
        assertThat(Console.execute(discover).out()).contains("No resources found");
    }

    @Test
    void theCompleterOffersIdsAndNames() {
        accounts.add("prod", AuthMethod.ACCESS_KEYS);
        accounts.add("partner", AuthMethod.ACCESS_KEYS);
        AccountCompleter completer = new AccountCompleter();
        completer.accounts = accounts;
        assertThat(Completions.of(completer, "")).containsExactlyInAnyOrder("1", "2", "prod", "partner");
        assertThat(Completions.of(completer, "pa")).containsExactly("partner");
    }

    private AccountAddCommand add(String name) {
        AccountAddCommand add = new AccountAddCommand();
        add.accounts = accounts;
        add.name = name;
        return add;
    }

    private AccountDeleteCommand delete(String account) {
        AccountDeleteCommand delete = new AccountDeleteCommand();
        delete.accounts = accounts;
        delete.account = account;
        return delete;
    }
}
