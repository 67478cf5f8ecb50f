package io.haven.aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP endpoint that answers every request with one fixed response and records the
 * Host header of each: for what moto cannot do (reject credentials, fail with 5xx, act as a
 * proxy). A raw socket, because a proxied request line carries an absolute URI that
 * com.sun.net.httpserver does not route when its path is empty.
 */
final class RecordingAwsEndpoint implements AutoCloseable {

    private final ServerSocket socket;
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private final byte[] response;

    RecordingAwsEndpoint(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " Status\r\nContent-Type: text/xml\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n";
        response = (head + body).getBytes(StandardCharsets.UTF_8);
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::serve, "recording-aws-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static String stsError(String code, String message) {
        return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>req-1</RequestId></ErrorResponse>";
    }

    static String callerIdentity(String account) {
        return callerIdentity(account, "arn:aws:iam::" + account + ":user/haven");
    }

    static String callerIdentity(String account, String arn) {
        return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                + "<Arn>" + arn + "</Arn><UserId>AIDHAVEN</UserId>"
                + "<Account>" + account + "</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
    }

    int port() {
        return socket.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    List<String> hosts() {
        return List.copyOf(hosts);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the acceptor ends either way
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                answer(connection);
            } catch (IOException closedOrBroken) {
                // closed: the loop ends; a broken connection: serve the next one
            }
        }
    }

    private void answer(Socket connection) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
        int contentLength = 0;
        String host = null;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).strip());
            } else if (lower.startsWith("host:")) {
                host = line.substring(5).strip();
            }
        }
        for (int i = 0; i < contentLength; i++) {
            in.read();
        }
        hosts.add(host);
        OutputStream out = connection.getOutputStream();
        out.write(response);
        out.flush();
    }
}
