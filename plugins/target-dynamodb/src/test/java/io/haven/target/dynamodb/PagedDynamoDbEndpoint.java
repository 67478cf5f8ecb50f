package io.haven.target.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback DynamoDB endpoint that answers ListBackups and ListTagsOfResource in two pages each,
 * which moto cannot do (it ignores Limit and ExclusiveStartBackupArn), and records every request
 * body so that a test can check the continuation tokens Haven sends.
 */
final class PagedDynamoDbEndpoint implements AutoCloseable {

    static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders";
    static final String FIRST_BACKUP = TABLE_ARN + "/backup/01000000000000-aaaaaaaa";
    static final String SECOND_BACKUP = TABLE_ARN + "/backup/01000000000001-bbbbbbbb";

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    PagedDynamoDbEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "Operation body" of each request, in order. */
    List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(operation + " " + body);
        String response = switch (operation) {
            case "ListBackups" -> body.contains("ExclusiveStartBackupArn")
                    ? "{\"BackupSummaries\":[" + summary(SECOND_BACKUP, "haven-7-Orders") + "]}"
                    : "{\"BackupSummaries\":[" + summary(FIRST_BACKUP, "haven-7-Orders") + "],"
                            + "\"LastEvaluatedBackupArn\":\"" + FIRST_BACKUP + "\"}";
            case "ListTagsOfResource" -> body.contains("NextToken")
                    ? "{\"Tags\":[{\"Key\":\"team\",\"Value\":\"data\"}]}"
                    : "{\"Tags\":[{\"Key\":\"env\",\"Value\":\"prod\"}],\"NextToken\":\"page-2\"}";
            case "DescribeTable" -> "{\"Table\":{\"TableName\":\"Orders\",\"TableArn\":\"" + TABLE_ARN + "\","
                    + "\"TableStatus\":\"ACTIVE\",\"BillingModeSummary\":{\"BillingMode\":\"PAY_PER_REQUEST\"}}}";
            case "DescribeTimeToLive" -> "{\"TimeToLiveDescription\":{\"TimeToLiveStatus\":\"DISABLED\"}}";
            default -> null;
        };
        byte[] bytes = (response == null
                ? "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"not scripted\"}"
                : response).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(response == null ? 400 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String summary(String arn, String name) {
        return "{\"TableName\":\"Orders\",\"TableArn\":\"" + TABLE_ARN + "\",\"BackupArn\":\"" + arn + "\","
                + "\"BackupName\":\"" + name + "\",\"BackupStatus\":\"AVAILABLE\",\"BackupType\":\"USER\"}";
    }
}
