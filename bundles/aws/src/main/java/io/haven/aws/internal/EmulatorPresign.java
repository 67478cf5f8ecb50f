package io.haven.aws.internal;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.CopySnapshotRequest;

/**
 * For an endpoint override only (moto, LocalStack): the SDK presigns a cross-region CopySnapshot for the source
 * region, which it finds from the endpoint's host name, and fails for a host such as {@code 127.0.0.1} that names
 * no region. Emulators do not check the presigned URL, so it is given a placeholder and the SDK leaves it alone.
 * Never installed for AWS's own endpoints, where the SDK presigns as usual.
 */
final class EmulatorPresign implements ExecutionInterceptor {

    static final String PLACEHOLDER = "emulator-does-not-check";

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
        if (context.request() instanceof CopySnapshotRequest copy && copy.presignedUrl() == null) {
            return copy.toBuilder().presignedUrl(PLACEHOLDER).build();
        }
        return context.request();
    }
}
