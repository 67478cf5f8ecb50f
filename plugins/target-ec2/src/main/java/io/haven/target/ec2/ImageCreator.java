package io.haven.target.ec2;

import io.haven.api.target.BackupLog;
import io.haven.aws.artifact.CreateOnce;
import io.haven.aws.ec2.Ec2Errors;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateImageRequest;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * Calls CreateImage at most once in effect ({@link CreateOnce}: AMI names are unique, so an image that a
 * call with a lost answer made is found by its name and owner tag), trying again on conflicts
 * ({@link ConflictRetry}).
 */
final class ImageCreator {

    private final ConflictRetry retry;

    ImageCreator(ConflictRetry retry) {
        this.retry = retry;
    }

    /** {@link #create(Ec2Client, CreateImageRequest, String, String, boolean, BackupLog)} for a first start, unlogged. */
    String create(Ec2Client ec2, CreateImageRequest request, String ownerTagKey, String ownerTagValue) {
        return create(ec2, request, ownerTagKey, ownerTagValue, false, BackupLog.NONE);
    }

    /**
     * Creates the image and returns its id. When EC2 says the name is taken, or the answer was lost, the
     * image of that name is adopted if it carries the given owner tag: an earlier call of this very backup
     * made it.
     *
     * @param resumed whether to look for the image before the first call
     * @throws AwsServiceException the last error when the attempts are used up or the error is no conflict
     */
    String create(Ec2Client ec2, CreateImageRequest request, String ownerTagKey, String ownerTagValue, boolean resumed,
                  BackupLog log) {
        CreateImageRequest once = request.toBuilder().overrideConfiguration(CreateOnce.THROTTLING_RETRIES_ONLY).build();
        return CreateOnce.of("image " + request.name() + " of " + request.instanceId(),
                        () -> createRetryingConflicts(ec2, once),
                        () -> made(ec2, request.name(), ownerTagKey, ownerTagValue),
                        id -> id)
                .alreadyExists(e -> e instanceof AwsServiceException aws && Ec2Errors.hasCode(aws, Images.NAME_DUPLICATE))
                .run(resumed, log);
    }

    private static Optional<String> made(Ec2Client ec2, String name, String ownerTagKey, String ownerTagValue) {
        return Images.ownedByName(ec2, name).stream()
                .filter(image -> ownerTagValue.equals(Images.tags(image).get(ownerTagKey)))
                .map(Image::imageId)
                .findFirst();
    }

    private String createRetryingConflicts(Ec2Client ec2, CreateImageRequest request) {
        for (int attempt = 0; ; attempt++) {
            try {
                return ec2.createImage(request).imageId();
            } catch (AwsServiceException e) {
                if (!ConflictRetry.isConflict(e) || attempt >= retry.waits().size()) {
                    throw e;
                }
                pause(attempt, e);
            }
        }
    }

    private void pause(int attempt, AwsServiceException cause) {
        try {
            retry.sleeper().sleep(retry.waits().get(attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            cause.addSuppressed(interrupted);
            throw cause;
        }
    }
}
