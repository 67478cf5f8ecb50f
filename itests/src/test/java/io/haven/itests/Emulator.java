package io.haven.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Direct access to the moto emulator through the AWS SDK, bypassing Haven, to set up resources and to
 * check what Haven did.
 */
public final class Emulator {

    static final String ENDPOINT_PROPERTY = "haven.it.moto";
    static final String PROXY_PROPERTY = "haven.it.moto.proxy";

    private Emulator() {
    }

    public static String endpoint() {
        return System.getProperty(ENDPOINT_PROPERTY);
    }

    /** The driver's proxy in front of the emulator (see {@link StallingProxy}). */
    public static String proxyEndpoint() {
        return System.getProperty(PROXY_PROPERTY);
    }

    public static Ec2Client ec2(String region) {
        return client(Ec2Client.builder(), region);
    }

    /** Any SDK client of the emulator, for example {@code client(RdsClient.builder(), "us-east-1")}. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String region) {
        return builder
                .endpointOverride(URI.create(endpoint()))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Clears all emulator state, so that each test class starts from nothing. */
    public static void reset() {
        post("/moto-api/reset", "");
    }

    /**
     * Makes moto check each request against the IAM policies of the user whose key signs it, as AWS does
     * (the emulator's "test" keys are refused meanwhile), or stop doing so. Turn it off when done.
     */
    public static void checkIamPermissions(boolean check) {
        post("/moto-api/reset-auth", check ? "0" : "inf");
    }

    private static void post(String path, String body) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint() + path))
                            .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto " + path + " answered " + response.statusCode());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot call the emulator's " + path + ": " + e.getMessage(), e);
        }
    }
}
