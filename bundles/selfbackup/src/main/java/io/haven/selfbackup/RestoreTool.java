package io.haven.selfbackup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code bin/haven-restore}: starts a new Haven from the latest {@code cpmdata} backup (decision 0042). Run it in a
 * fresh installation before its first start; it finds the newest archive under the prefix in the bucket, decrypts it
 * with the passphrase and puts database, secret key and configuration in place ({@link HavenRestore}). AWS
 * credentials come from the usual places (environment, profile, the instance's role).
 *
 * <pre>
 * bin/haven-restore --bucket B --region R [--prefix haven/] --passphrase-file F [--key K] [--endpoint URL] [--force]
 * </pre>
 */
public final class RestoreTool {

    static final String USAGE = "usage: haven-restore --bucket BUCKET --region REGION [--prefix haven/] "
            + "--passphrase-file FILE [--key KEY] [--endpoint URL] [--force] [--home DIR] [--data DIR]";

    private RestoreTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String bucket = options.get("bucket");
        String region = options.get("region");
        Path home = Path.of(options.getOrDefault("home", System.getProperty("haven.home", "."))).toAbsolutePath();
        String dataDefault = System.getenv("KARAF_DATA");
        Path data = Path.of(options.getOrDefault("data", dataDefault != null && !dataDefault.isBlank() ? dataDefault
                : home.resolve("data").toString())).toAbsolutePath();
        char[] passphrase = null;
        try (S3Client s3 = client(region, options.get("endpoint"))) {
            Path passphraseFile = Path.of(options.get("passphrase-file"));
            passphrase = Passphrase.read(passphraseFile, false);
            String prefix = options.getOrDefault("prefix", HavenDataTargetType.DEFAULT_PREFIX);
            String key = options.containsKey("key") ? options.get("key") : latest(s3, bucket, prefix)
                    .orElseThrow(() -> new IOException("No Haven backup (*" + HavenArchive.SUFFIX + ") under s3://"
                            + bucket + "/" + prefix));
            out.println("Restoring from s3://" + bucket + "/" + key);
            HavenRestore.Outcome outcome;
            try (InputStream archive = s3.getObject(b -> b.bucket(bucket).key(key))) {
                outcome = new HavenRestore(home, data).restore(archive, passphrase,
                        Passphrase.strip(Files.readString(passphraseFile, StandardCharsets.UTF_8)),
                        options.containsKey("force"));
            }
            out.println("Backup " + outcome.manifest().getProperty("backupId") + " of policy "
                    + outcome.manifest().getProperty("policy") + ", made at " + outcome.manifest().getProperty("createdAt"));
            out.println("Configuration restored: " + String.join(", ", outcome.configFiles()));
            out.println("Secret key restored: " + outcome.secretKey());
            out.println("Database staged for import at the next start: " + outcome.stagedExport());
            out.println("recoveryOnly = true is set in etc/io.haven.core.cfg: start Haven (bin/start); it comes up in "
                    + "recovery-only mode. Set recoveryOnly = false when it is to make backups again.");
            return 0;
        } catch (ArchiveCipher.WrongPassphraseException e) {
            err.println("Restore failed: " + e.getMessage());
            return 1;
        } catch (IOException | SdkException | IllegalArgumentException e) {
            err.println("Restore failed: " + e.getMessage());
            return 1;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    /** The newest archive under the prefix: latest modification, then the greatest key. */
    static Optional<String> latest(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .filter(o -> o.key().endsWith(HavenArchive.SUFFIX))
                .max(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key))
                .map(S3Object::key);
    }

    static S3Client client(String region, String endpoint) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            switch (name) {
                case "force" -> options.put(name, "true");
                case "bucket", "region", "prefix", "passphrase-file", "key", "endpoint", "home", "data" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    options.put(name, args[++i]);
                }
                default -> throw new IllegalArgumentException("Unknown option: " + arg);
            }
        }
        for (String required : new String[] {"bucket", "region", "passphrase-file"}) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        return options;
    }
}
