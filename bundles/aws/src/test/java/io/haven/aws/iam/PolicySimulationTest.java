package io.haven.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.haven.api.permission.Decision;
import io.haven.api.target.CloudContext;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against recorded IAM answers: moto answers SimulatePrincipalPolicy with a 500. */
class PolicySimulationTest {

    private static final String USER = "arn:aws:iam::123456789012:user/backup/haven";
    private static final String NS = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private DefaultAwsClients clients;
    private CloudContext ctx;

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void startRecordedIam() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8));
            Answer answer = answers.isEmpty() ? new Answer(500, "<nothing/>") : answers.poll();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        clients = new DefaultAwsClients(AwsSettings.withEndpoint("http://127.0.0.1:" + server.getAddress().getPort()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), "eu-west-1");
    }

    @AfterEach
    void stop() {
        clients.close();
        server.stop(0);
    }

    @Test
    void anIamUserIsSimulatedAsItselfAndEveryDenialIsADenial() {
        answers.add(new Answer(200, results(false, null, result("ec2:CreateSnapshot", "allowed"),
                result("ec2:DeleteSnapshot", "implicitDeny"), result("rds:CreateDBSnapshot", "explicitDeny"))));

        Map<String, Decision> decisions = PolicySimulation.simulate(ctx, USER,
                List.of("ec2:CreateSnapshot", "ec2:DeleteSnapshot", "rds:CreateDBSnapshot", "dynamodb:CreateBackup"));

        assertThat(decisions).containsEntry("ec2:CreateSnapshot", Decision.ALLOWED)
                .containsEntry("ec2:DeleteSnapshot", Decision.DENIED)
                .containsEntry("rds:CreateDBSnapshot", Decision.DENIED)
                // not in the answer: not decided
                .containsEntry("dynamodb:CreateBackup", Decision.UNKNOWN);
        assertThat(requests).singleElement().satisfies(request -> assertThat(request)
                .contains("Action=SimulatePrincipalPolicy", "PolicySourceArn=" + USER,
                        "ActionNames.member.1=ec2:CreateSnapshot", "ActionNames.member.4=dynamodb:CreateBackup"));
    }

    @Test
    void aTruncatedAnswerIsFollowedByItsMarker() {
        answers.add(new Answer(200, results(true, "page-2", result("ec2:CreateSnapshot", "allowed"))));
        answers.add(new Answer(200, results(false, null, result("ec2:DeleteSnapshot", "allowed"))));

        Map<String, Decision> decisions = PolicySimulation.simulate(ctx, USER, List.of("ec2:CreateSnapshot", "ec2:DeleteSnapshot"));

        assertThat(decisions).containsOnly(Map.entry("ec2:CreateSnapshot", Decision.ALLOWED),
                Map.entry("ec2:DeleteSnapshot", Decision.ALLOWED));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).contains("Marker=page-2");
    }

    @Test
    void anAssumedRoleIsSimulatedAsItsRoleWithThePathIamGives() {
        answers.add(new Answer(200, "<GetRoleResponse " + NS + "><GetRoleResult><Role><Path>/ops/</Path>"
                + "<RoleName>HavenRole</RoleName><RoleId>AROAHAVEN</RoleId>"
                + "<Arn>arn:aws:iam::123456789012:role/ops/HavenRole</Arn>"
                + "<CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument>"
                + "</Role></GetRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetRoleResponse>"));
        answers.add(new Answer(200, results(false, null, result("ec2:CreateSnapshot", "allowed"))));

        PolicySimulation.simulate(ctx, "arn:aws:sts::123456789012:assumed-role/HavenRole/haven-session",
                List.of("ec2:CreateSnapshot"));

        assertThat(requests.get(0)).contains("Action=GetRole", "RoleName=HavenRole");
        assertThat(requests.get(1)).contains("PolicySourceArn=arn:aws:iam::123456789012:role/ops/HavenRole");
    }

    @Test
    void withoutGetRoleTheRoleIsNamedWithoutAPath() {
        answers.add(new Answer(403, error("AccessDenied")));
        answers.add(new Answer(200, results(false, null, result("ec2:CreateSnapshot", "allowed"))));

        PolicySimulation.simulate(ctx, "arn:aws:sts::123456789012:assumed-role/HavenRole/haven-session",
                List.of("ec2:CreateSnapshot"));

        assertThat(requests.get(1)).contains("PolicySourceArn=arn:aws:iam::123456789012:role/HavenRole");
    }

    @Test
    void aRefusedSimulationSaysWhy() {
        answers.add(new Answer(403, error("AccessDenied")));

        assertThatThrownBy(() -> PolicySimulation.simulate(ctx, USER, List.of("ec2:CreateSnapshot")))
                .isInstanceOf(SimulationUnavailableException.class)
                .hasMessageContaining(USER).hasMessageContaining("AccessDenied");
    }

    @Test
    void aFederatedUserCannotBeSimulated() {
        assertThatThrownBy(() -> PolicySimulation.simulate(ctx, "arn:aws:sts::123456789012:federated-user/bob",
                List.of("ec2:CreateSnapshot")))
                .isInstanceOf(SimulationUnavailableException.class).hasMessageContaining("federated-user/bob");
        assertThat(requests).isEmpty();
    }

    private static String result(String action, String decision) {
        return "<member><EvalActionName>" + action + "</EvalActionName><EvalResourceName>*</EvalResourceName>"
                + "<EvalDecision>" + decision + "</EvalDecision><MatchedStatements/><MissingContextValues/></member>";
    }

    private static String results(boolean truncated, String marker, String... members) {
        return "<SimulatePrincipalPolicyResponse " + NS + "><SimulatePrincipalPolicyResult>"
                + "<IsTruncated>" + truncated + "</IsTruncated>" + (marker == null ? "" : "<Marker>" + marker + "</Marker>")
                + "<EvaluationResults>" + String.join("", members) + "</EvaluationResults>"
                + "</SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                + "</SimulatePrincipalPolicyResponse>";
    }

    private static String error(String code) {
        return "<ErrorResponse " + NS + "><Error><Type>Sender</Type><Code>" + code + "</Code>"
                + "<Message>not allowed</Message></Error><RequestId>r</RequestId></ErrorResponse>";
    }
}
