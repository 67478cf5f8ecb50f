package io.haven.aws.iam;

import io.haven.api.permission.Decision;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads AWS's answer to a call that changes nothing as a permission decision. AWS authorizes a request
 * before it looks at the resources it names, so a call naming a resource that cannot exist tells the
 * permission without touching anything: a refusal means denied, "not found" or another client error means
 * allowed, and EC2's {@code DryRunOperation} means allowed.
 */
public final class Probes {

    /** A name no resource of the account has; probes name it where an identifier is needed. */
    public static final String NO_SUCH_NAME = "haven-permission-probe-does-not-exist";
    /** Well-formed EC2 ids that no resource has, for DryRun calls. */
    public static final String NO_SUCH_VOLUME = "vol-00000000000000000";
    public static final String NO_SUCH_SNAPSHOT = "snap-00000000000000000";
    public static final String NO_SUCH_INSTANCE = "i-00000000000000000";
    public static final String NO_SUCH_IMAGE = "ami-00000000000000000";

    // The codes with which AWS services say "this identity may not do this".
    private static final Set<String> DENIALS = Set.of("UnauthorizedOperation", "AccessDenied",
            "AccessDeniedException", "UnauthorizedAccess", "AuthorizationError", "UnauthorizedException");
    // Answers that say nothing about the permission: broken credentials, throttling, AWS's own trouble.
    private static final Set<String> UNDECIDED = Set.of("AuthFailure", "InvalidClientTokenId",
            "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException",
            "RequestLimitExceeded", "Throttling", "ThrottlingException", "RequestExpired");

    private Probes() {
    }

    /** Runs the call and reads its outcome; never throws for what AWS answers. */
    public static Decision decide(Runnable harmlessCall) {
        try {
            harmlessCall.run();
            return Decision.ALLOWED;
        } catch (AwsServiceException e) {
            return decide(e);
        } catch (SdkException e) {
            return Decision.UNKNOWN;
        }
    }

    /** The decision an error answer carries. */
    public static Decision decide(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if ("DryRunOperation".equals(code)) {
            return Decision.ALLOWED;
        }
        if (code != null && DENIALS.contains(code)) {
            return Decision.DENIED;
        }
        int status = e.statusCode();
        if (code == null) {
            // A bare 403 is AWS's "forbidden"; AWS names its reasons, but not every error body parses.
            return status == 403 ? Decision.DENIED : Decision.UNKNOWN;
        }
        if (UNDECIDED.contains(code) || e.isThrottlingException()) {
            return Decision.UNKNOWN;
        }
        // Authorized, then refused for the made-up resource or parameters.
        return status >= 400 && status < 500 && status != 403 ? Decision.ALLOWED : Decision.UNKNOWN;
    }
}
