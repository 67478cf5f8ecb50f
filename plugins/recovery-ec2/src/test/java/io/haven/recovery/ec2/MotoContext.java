package io.haven.recovery.ec2;

import io.haven.api.target.CloudContext;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.CopySnapshotRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * A cloud context on moto whose EC2 client keeps every request it sends, so that tests can assert
 * what Haven asked for where moto ignores a parameter (RegisterImage's block devices, MaxCount,
 * DisableApiTermination) or refuses one that AWS takes (instance-store mappings, left out for moto).
 */
final class MotoContext implements CloudContext, AutoCloseable {

    static final String DEFAULT_ACCOUNT = "123456789012";

    private final String region;
    private final String awsAccountId;
    private final Ec2Client ec2;
    private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();

    MotoContext(String endpoint, String region) {
        this(endpoint, region, DEFAULT_ACCOUNT);
    }

    /** A context of another AWS account of the emulator (its {@code x-moto-account-id} header). */
    MotoContext(String endpoint, String region, String awsAccountId) {
        this.region = region;
        this.awsAccountId = awsAccountId;
        this.ec2 = Ec2Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.putHeader("x-moto-account-id", awsAccountId)
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        sent.add(context.request());
                    }

                    @Override
                    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                        return forMoto(context.request());
                    }
                }))
                .build();
    }

    @Override
    public String awsAccountId() {
        return awsAccountId;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public <C> C client(Class<C> clientType) {
        if (clientType != Ec2Client.class) {
            throw new IllegalArgumentException("Only EC2 in these tests, not " + clientType);
        }
        return clientType.cast(ec2);
    }

    /**
     * AWS launches instance-store (ephemeral) mappings; moto refuses them (MissingParameter: ebs) and has
     * no instance store. What Haven asked for is kept in {@link #sent}; moto gets the rest. A CopySnapshot gets a
     * placeholder presigned URL.
     */
    private static SdkRequest forMoto(SdkRequest request) {
        if (request instanceof CopySnapshotRequest copy && copy.presignedUrl() == null) {
            // as Haven's clients do for an emulator (EmulatorPresign): the SDK cannot presign for 127.0.0.1
            return copy.toBuilder().presignedUrl("emulator-does-not-check").build();
        }
        if (!(request instanceof RunInstancesRequest run) || !run.hasBlockDeviceMappings()) {
            return request;
        }
        List<BlockDeviceMapping> ebs = run.blockDeviceMappings().stream()
                .filter(mapping -> mapping.virtualName() == null).toList();
        return run.toBuilder().blockDeviceMappings(ebs.isEmpty() ? null : ebs).build();
    }

    Ec2Client ec2() {
        return ec2;
    }

    /** The requests of this type sent since the last {@link #forget()}, oldest first. */
    <R extends SdkRequest> List<R> sent(Class<R> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void forget() {
        sent.clear();
    }

    @Override
    public void close() {
        ec2.close();
    }
}
