package io.haven.target.ec2;

import io.haven.aws.ec2.Ec2Errors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateImageRequest;
import software.amazon.awssdk.services.ec2.model.Image;

/** Calls CreateImage, trying again on conflicts ({@link ConflictRetry}). */
final class ImageCreator {

    private final ConflictRetry retry;

    ImageCreator(ConflictRetry retry) {
        this.retry = retry;
    }

    /**
     * Creates the image and returns its id. When EC2 says the name is taken, the image is adopted if
     * it carries the given owner tag: an earlier attempt of this very call (the SDK retries after a
     * timeout or 5xx) did create it.
     *
     * @throws AwsServiceException the last error when the attempts are used up or the error is no conflict
     */
    String create(Ec2Client ec2, CreateImageRequest request, String ownerTagKey, String ownerTagValue) {
        for (int attempt = 0; ; attempt++) {
            try {
                return ec2.createImage(request).imageId();
            } catch (AwsServiceException e) {
                if (Ec2Errors.hasCode(e, Images.NAME_DUPLICATE)) {
                    return Images.ownedByName(ec2, request.name()).stream()
                            .filter(image -> ownerTagValue.equals(Images.tags(image).get(ownerTagKey)))
                            .map(Image::imageId)
                            .findFirst()
                            .orElseThrow(() -> e);
                }
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
