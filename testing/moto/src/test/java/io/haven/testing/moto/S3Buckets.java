package io.haven.testing.moto;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a little state into moto without the AWS SDK: moto's single server treats unsigned
 * requests as S3, so a PUT makes a bucket and a GET of / lists them.
 */
final class S3Buckets {
    private static final Pattern NAME = Pattern.compile("<Name>([^<]+)</Name>");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String endpoint;

    S3Buckets(String endpoint) {
        this.endpoint = endpoint;
    }

    void create(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(endpoint + "/" + name)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PUT bucket answered " + response.statusCode() + ": " + response.body());
        }
    }

    List<String> names() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<String> names = new ArrayList<>();
        Matcher matcher = NAME.matcher(body);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
